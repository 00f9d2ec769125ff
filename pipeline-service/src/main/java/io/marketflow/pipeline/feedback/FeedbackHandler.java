package io.marketflow.pipeline.feedback;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.contracts.FeedbackEvent;
import io.marketflow.pipeline.ratelimit.BudgetControl;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the store's feedback events into one budget scale for every registered provider: the store's pressure
 * is global, so every provider slows down together. Under a {@link PacePolicy} the scale is the paced total
 * rate over the providers' summed base rates (at most 1.0), which splits the total by base rate; under the
 * other policies it follows the level.
 *
 * <p>The level that counts is the worst over the coordinators still live (heard within {@code staleAfter}).
 * Expired coordinators are ignored while any other is live, so a store replica that was scaled away (its
 * coordinators fall silent) does not hold the pipeline back. When every coordinator heard has expired, the
 * level is the {@code fallback} (soft by default): a dead store or lost webhooks neither freeze the pipeline
 * at 0.0 nor leave it at full speed forever. Callers must
 * call {@link #reevaluate()} periodically (a few times a second) for expiry and step-wise policies to act
 * between events; under the pace policy the first of these calls also starts the ramp from a conservative
 * rate that holds until the first event ({@link PacePolicy#startUp}), so a pipeline that never re-evaluates
 * (feedback switched off) keeps its full rate.
 *
 * <p>Events are ignored when their {@code webhook-id} was seen before, or when their seq is not newer than
 * the last applied for their coordinator while that coordinator's level is still live; once it has expired
 * any seq is accepted, so a restarted store whose seq starts again from 0 is heard again. At most
 * {@code maxCoordinators} ids are tracked: beyond that a new id replaces the longest-expired one, or, if none
 * has expired, its events are aggregated under {@link #OVERFLOW_ID} (latest event wins, no seq ordering).
 *
 * <p>Writers are serialized (events are rare); readers see an immutable snapshot without locking.
 */
public final class FeedbackHandler {

    /** The coordinator id under which events of ids beyond the tracking cap are aggregated. */
    public static final String OVERFLOW_ID = "(other)";

    private static final Logger log = LoggerFactory.getLogger(FeedbackHandler.class);
    private static final int REMEMBERED_WEBHOOK_IDS = 1024;
    private static final long NOT_STARTED = Long.MIN_VALUE;

    /**
     * @param staleAfter how long a coordinator's level counts without being refreshed
     * @param fallback the level an expired coordinator counts as; ok or soft, never hard (that would freeze)
     * @param maxCoordinators how many distinct coordinator ids are tracked (and tagged in metrics)
     */
    public record Settings(Duration staleAfter, BackpressureLevel fallback, int maxCoordinators) {

        public Settings {
            Objects.requireNonNull(staleAfter, "staleAfter");
            if (staleAfter.isNegative() || staleAfter.isZero()) {
                throw new IllegalArgumentException("staleAfter must be > 0, was " + staleAfter);
            }
            if (fallback == null || fallback == BackpressureLevel.HARD) {
                throw new IllegalArgumentException("fallback must be ok or soft, was " + fallback);
            }
            if (maxCoordinators < 1) {
                throw new IllegalArgumentException("maxCoordinators must be >= 1, was " + maxCoordinators);
            }
        }
    }

    /** The outcome of one event and the coordinator id to report it under (the id, or the overflow id). */
    public record Result(FeedbackOutcome outcome, String coordinatorTag) {}

    private record Heard(
            BackpressureLevel level, long seq, int queueSize, int capacity, long receivedNanos, FeedbackEvent event) {}

    private record State(
            Map<String, Heard> coordinators,
            BackpressureLevel level,
            double scale,
            long changedNanos,
            PacePolicy.Pace pace) {

        State with(Map<String, Heard> next) {
            return new State(next, level, scale, changedNanos, pace);
        }
    }

    private final BudgetControl budget;
    private final ScalePolicy policy;
    private final PacePolicy pacing;
    private final Settings settings;
    private final LongSupplier nanoTime;
    private final AtomicReference<State> state;
    /** When the first evaluation found nothing heard yet: the start of the pace policy's start-up ramp. */
    private long startedNanos = NOT_STARTED;
    /** Whether the start-up ramp is over: a coordinator reported its capacity, or the ramp reached full speed. */
    private boolean rampedUp;

    private final Map<String, Boolean> recentWebhookIds = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_WEBHOOK_IDS;
        }
    };

    public FeedbackHandler(BudgetControl budget, ScalePolicy policy, Settings settings, LongSupplier nanoTime) {
        this.budget = Objects.requireNonNull(budget, "budget");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.pacing = policy instanceof PacePolicy pace ? pace : null;
        this.state = new AtomicReference<>(
                new State(Map.of(), BackpressureLevel.OK, 1.0, nanoTime.getAsLong(), PacePolicy.Pace.initial(0)));
    }

    /**
     * Applies one validated event.
     *
     * @param webhookId the {@code webhook-id} header, or null when the sender gave none
     */
    public synchronized Result handle(FeedbackEvent event, String webhookId) {
        Objects.requireNonNull(event, "event");
        long now = nanoTime.getAsLong();
        State current = state.get();
        String slot = slotFor(event.coordinatorId(), current, now);
        if (webhookId != null && recentWebhookIds.putIfAbsent(webhookId, Boolean.TRUE) != null) {
            return new Result(FeedbackOutcome.DUPLICATE, slot);
        }
        Heard previous = current.coordinators.get(slot);
        if (previous != null && !slot.equals(OVERFLOW_ID) && !expired(previous, now)) {
            if (event.seq() == previous.seq) {
                return new Result(FeedbackOutcome.DUPLICATE, slot);
            }
            if (event.seq() < previous.seq) {
                return new Result(FeedbackOutcome.STALE, slot);
            }
        }
        Map<String, Heard> coordinators = new HashMap<>(current.coordinators);
        if (!coordinators.containsKey(slot) && tracked(coordinators) >= settings.maxCoordinators()) {
            longestExpired(coordinators, now).ifPresent(coordinators::remove);
        }
        coordinators.put(slot, new Heard(event.level(), event.seq(), event.queueSize(), event.capacity(), now, event));
        evaluate(current.with(Map.copyOf(coordinators)), now);
        return new Result(FeedbackOutcome.APPLIED, slot);
    }

    /** Re-applies the policy to the current levels, expiring the ones not refreshed in time. */
    public synchronized void reevaluate() {
        evaluate(state.get(), nanoTime.getAsLong());
    }

    public FeedbackSnapshot snapshot() {
        long now = nanoTime.getAsLong();
        State s = state.get();
        var coordinators = s.coordinators.entrySet().stream()
                .map(e -> {
                    Heard heard = e.getValue();
                    return new CoordinatorSnapshot(
                            e.getKey(),
                            heard.level,
                            effectiveLevel(heard, now),
                            heard.seq,
                            heard.queueSize,
                            heard.capacity,
                            Duration.ofNanos(Math.max(0, now - heard.receivedNanos)),
                            expired(heard, now),
                            heard.event.ts(),
                            heard.event.drainRate(),
                            heard.event.queueDelayMs());
                })
                .sorted(Comparator.comparing(CoordinatorSnapshot::coordinatorId))
                .toList();
        if (pacing == null) {
            return new FeedbackSnapshot(true, policy.name(), s.level, s.scale, coordinators);
        }
        return new FeedbackSnapshot(
                true,
                policy.name(),
                s.level,
                s.scale,
                coordinators,
                new FeedbackSnapshot.Pacing(
                        s.pace.total(),
                        s.pace.capacity(),
                        s.pace.constrainedBy(),
                        pacing.settings().targetDelay().toNanos() / 1e9));
    }

    private void evaluate(State s, long now) {
        List<Map.Entry<String, Heard>> live = s.coordinators.entrySet().stream()
                .filter(e -> !expired(e.getValue(), now))
                .toList();
        BackpressureLevel level = live.isEmpty()
                ? (s.coordinators.isEmpty() ? BackpressureLevel.OK : settings.fallback())
                : live.stream().map(e -> e.getValue().level).reduce(BackpressureLevel.OK, BackpressureLevel::worst);
        double scale;
        PacePolicy.Pace pace = s.pace;
        if (pacing != null && (s.coordinators.isEmpty() || !live.isEmpty())) {
            if (startedNanos == NOT_STARTED) {
                startedNanos = now;
            }
            double full = fullRate();
            // Until some coordinator has reported its capacity, the start-up ramp stands in for it: the first
            // events of a store that has measured nothing yet say nothing about how much it takes.
            double ceiling = rampedUp
                    ? full
                    : pacing.startUp(full, Duration.ofNanos(now - startedNanos)).total();
            if (live.isEmpty()) {
                pace = new PacePolicy.Pace(ceiling, null, null, Map.of());
            } else {
                PacePolicy.Pace previous =
                        new PacePolicy.Pace(s.scale * full, s.pace.constrainedBy(), s.pace.capacity(), s.pace.loops());
                pace = pacing.next(
                        previous, live.stream().map(FeedbackHandler::sample).toList(), full, ceiling, now);
                rampedUp |= !pace.loops().isEmpty() || ceiling >= full;
            }
            scale = full > 0 ? Math.min(1.0, pace.total() / full) : 1.0;
        } else {
            scale = policy.next(s.scale, level, Duration.ofNanos(Math.max(0, now - s.changedNanos)));
            if (pacing != null) {
                pace = new PacePolicy.Pace(scale * fullRate(), null, null, s.pace.loops());
            }
        }
        boolean changed = scale != s.scale;
        state.set(new State(s.coordinators, level, scale, changed ? now : s.changedNanos, pace));
        // The paced scale moves on nearly every evaluation; only pauses, resumes and level changes are news.
        if (level != s.level || (changed && (scale == 0.0 || s.scale == 0.0 || pacing == null))) {
            log.info(
                    "feedback: level {} -> {}, scale {} -> {} for providers {}",
                    s.level,
                    level,
                    s.scale,
                    scale,
                    budget.providers());
        }
        for (String provider : budget.providers()) {
            budget.setGlobalPressure(provider, level);
            budget.setBudgetScale(provider, scale);
        }
    }

    private double fullRate() {
        return budget.providers().stream().mapToDouble(budget::baseRate).sum();
    }

    private static PacePolicy.Sample sample(Map.Entry<String, Heard> entry) {
        Heard heard = entry.getValue();
        return new PacePolicy.Sample(
                entry.getKey(),
                heard.level,
                heard.queueSize,
                heard.event.drainRate(),
                heard.event.queueDelayMs(),
                heard.receivedNanos);
    }

    private String slotFor(String coordinatorId, State s, long now) {
        if (s.coordinators.containsKey(coordinatorId)) {
            return coordinatorId;
        }
        if (tracked(s.coordinators) < settings.maxCoordinators()) {
            return coordinatorId;
        }
        return longestExpired(s.coordinators, now).isPresent() ? coordinatorId : OVERFLOW_ID;
    }

    private static long tracked(Map<String, Heard> coordinators) {
        return coordinators.keySet().stream()
                .filter(id -> !id.equals(OVERFLOW_ID))
                .count();
    }

    private Optional<String> longestExpired(Map<String, Heard> coordinators, long now) {
        return coordinators.entrySet().stream()
                .filter(e -> !e.getKey().equals(OVERFLOW_ID) && expired(e.getValue(), now))
                .min(Comparator.comparingLong(e -> e.getValue().receivedNanos))
                .map(Map.Entry::getKey);
    }

    private boolean expired(Heard heard, long now) {
        return now - heard.receivedNanos > settings.staleAfter().toNanos();
    }

    private BackpressureLevel effectiveLevel(Heard heard, long now) {
        return expired(heard, now) ? settings.fallback() : heard.level;
    }
}
