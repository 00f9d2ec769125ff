package io.marketflow.pipeline.feedback;

import io.marketflow.contracts.BackpressureLevel;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Paces the providers' total rate to the store's measured write capacity ({@code drain_rate}) and steers the
 * store's queueing delay toward a small target, like TCP BBR or a PI controller.
 *
 * <p>Per coordinator it keeps a gain {@code g}, and that coordinator allows a total of
 * {@code g x drain_rate x p(delay)}:
 * <ul>
 *   <li>{@code g} integrates the delay error in the log domain: it grows by {@code probeGain} per second while
 *       the queue is as good as empty (probing, so that capacity freed elsewhere is found; up to four times as
 *       fast once it has stayed empty for over a second), gently near the target, and shrinks while the delay
 *       is above it. Because it settles only where the delay is at the target, {@code N} pipelines that
 *       receive the same events settle at {@code g = 1/N} each, and one pipeline in front of {@code N}
 *       load-balanced store replicas at {@code g = N} for each.
 *   <li>{@code p} drains a queue above the target within {@code drainHorizon} (proportional term, 1.0 at or
 *       below the target, never below {@link #MIN_DRAIN_FACTOR}).
 *   <li>The measured capacity is smoothed (a drop over a quarter second, a rise over a second), so a drop acts
 *       almost at once. A rise found while probing (the store had no backlog) keeps the allowance where it
 *       was: the gain that found it is wound back instead, so the discovery does not overshoot twice.
 * </ul>
 *
 * <p>The paced total is the smallest allowance over the live coordinators (the most constrained one). A
 * coordinator at {@code hard} pauses everything at once. A coordinator that reports no capacity (an older
 * store, or none measured yet) counts with the {@code fallback} step policy's scale for its level. The gain
 * integrates only on fresh samples (at most {@link #HOLD_AFTER} old, or any live one that says the queue is
 * below the target): when events are lost under pressure the gain holds rather than sinking toward zero,
 * and staleness is the handler's business (its fallback level).
 *
 * <p>Pure: every call returns a new {@link Pace}; callers keep it and pass it back with the next samples.
 */
public final class PacePolicy implements ScalePolicy {

    /** Under this, the proportional term never cuts deeper (a floor against oscillation on a delay spike). */
    static final double MIN_DRAIN_FACTOR = 0.25;

    /** Samples older than this no longer move a gain down. */
    static final Duration HOLD_AFTER = Duration.ofSeconds(1);

    /** The share of the full rate a pipeline starts at, before it has heard from any store. */
    static final double START_SHARE = 0.25;

    private static final double MAX_PROBE_SPEED = 4;
    private static final long DRAIN_SMOOTHING = Duration.ofSeconds(1).toNanos();
    private static final long MAX_STEP_NANOS = Duration.ofMillis(500).toNanos();

    /**
     * @param targetDelay the queueing delay to steer to
     * @param probeGain how much the rate may grow per second while the queue is below the target (e.g. 1.2)
     * @param drainHorizon how quickly a queue above the target is drained by the proportional term
     * @param minGain the gain never goes below this (so the rate never freezes at zero without a hard level)
     */
    public record Settings(Duration targetDelay, double probeGain, Duration drainHorizon, double minGain) {

        public static final Settings DEFAULT = new Settings(Duration.ofMillis(250), 1.2, Duration.ofMillis(1000), 0.02);

        public Settings {
            requirePositive("targetDelay", targetDelay);
            requirePositive("drainHorizon", drainHorizon);
            if (!(probeGain > 1.0 && probeGain <= 4.0)) {
                throw new IllegalArgumentException("probeGain must be within (1, 4], was " + probeGain);
            }
            if (!(minGain > 0 && minGain <= 1)) {
                throw new IllegalArgumentException("minGain must be within (0, 1], was " + minGain);
            }
        }

        private static void requirePositive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0, was " + value);
            }
        }
    }

    /**
     * What one live coordinator said last.
     *
     * @param drainRate items per second it can write, null when it did not say (older store) or 0
     * @param queueDelayMs age of its oldest queued item, null when it did not say
     * @param receivedNanos when the pipeline received it
     */
    public record Sample(
            String coordinatorId,
            BackpressureLevel level,
            int queueSize,
            Double drainRate,
            Long queueDelayMs,
            long receivedNanos) {}

    /** The controller's memory of one coordinator. */
    public record Loop(
            double gain,
            double drainRate,
            boolean backlogged,
            boolean anchored,
            boolean draining,
            int queueSize,
            long sampleNanos,
            long emptySinceNanos,
            long updatedNanos) {}

    /**
     * The outcome of one evaluation.
     *
     * @param total the paced total rate, items per second
     * @param constrainedBy the coordinator that set it, or null when none did (no feedback, or all expired)
     * @param capacity that coordinator's drain rate, or null when it reported none
     */
    public record Pace(double total, String constrainedBy, Double capacity, Map<String, Loop> loops) {

        public Pace {
            loops = Map.copyOf(loops);
        }

        /** Before any evaluation: the providers' full rate. */
        public static Pace initial(double fullRate) {
            return new Pace(fullRate, null, null, Map.of());
        }
    }

    /**
     * Before the first event: {@link #START_SHARE} of the full rate, growing by the probe rule of an empty queue
     * ({@code probeGain} per second, up to four times as fast after the first second), up to the full rate.
     * A pipeline started against a busy store so does not blast it before it has heard how busy, and one whose
     * store sends no feedback at all reaches its full rate within a few seconds (about 4 s at the default gain)
     * instead of being held back for good.
     *
     * @param sinceStart how long the pipeline has been waiting for its first event
     */
    public Pace startUp(double fullRate, Duration sinceStart) {
        double t = Math.max(0, sinceStart.toNanos() / 1e9);
        // The integral of the speed 1 + min(3, max(0, t - 1)) at which advance() probes over an empty queue.
        double speedingUp = Math.max(0, Math.min(t, MAX_PROBE_SPEED) - 1);
        double ramp =
                Math.min(t, 1) + speedingUp * (1 + speedingUp / 2) + Math.max(0, t - MAX_PROBE_SPEED) * MAX_PROBE_SPEED;
        return new Pace(Math.min(fullRate, fullRate * START_SHARE * Math.exp(probeRate * ramp)), null, null, Map.of());
    }

    private final Settings settings;
    private final StepPolicy fallback;
    private final double probeRate;

    public PacePolicy(Settings settings, StepPolicy fallback) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.probeRate = Math.log(settings.probeGain());
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "pace";
    }

    /** Without measurements (every coordinator expired, or none heard): the step policy's scale for the level. */
    @Override
    public double next(double current, BackpressureLevel level, Duration sinceLastChange) {
        return fallback.next(current, level, sinceLastChange);
    }

    /**
     * @param previous the last evaluation's outcome ({@link Pace#initial} at first)
     * @param live every coordinator heard and not expired; must not be empty
     * @param fullRate the providers' summed base rates, the most the total may be
     * @param nowNanos the same clock as {@link Sample#receivedNanos}
     */
    public Pace next(Pace previous, List<Sample> live, double fullRate, long nowNanos) {
        return next(previous, live, fullRate, fullRate, nowNanos);
    }

    /**
     * As {@link #next(Pace, List, double, long)}, with {@code unmeasuredRate} the most a coordinator that
     * reports no capacity allows (the start-up ramp until some coordinator has measured one; else the full
     * rate), scaled by the fallback's scale for its level.
     */
    public Pace next(Pace previous, List<Sample> live, double fullRate, double unmeasuredRate, long nowNanos) {
        if (live.isEmpty()) {
            throw new IllegalArgumentException("pacing needs at least one live coordinator");
        }
        Map<String, Loop> loops = new HashMap<>();
        double total = Double.POSITIVE_INFINITY;
        String constrainedBy = null;
        Double capacity = null;
        boolean pause = false;
        for (Sample sample : live) {
            pause |= sample.level() == BackpressureLevel.HARD;
            double allowed;
            Double drain = sample.drainRate() != null && sample.drainRate() > 0 ? sample.drainRate() : null;
            if (drain == null) {
                allowed = fallback.next(1.0, sample.level(), Duration.ZERO) * unmeasuredRate;
            } else {
                Loop loop = advance(previous, sample, drain, fullRate, nowNanos);
                loops.put(sample.coordinatorId(), loop);
                drain = loop.drainRate();
                allowed = loop.gain() * drain * drainFactor(delaySeconds(sample, drain));
            }
            if (allowed < total) {
                total = allowed;
                constrainedBy = sample.coordinatorId();
                capacity = drain;
            }
        }
        total = pause ? 0.0 : Math.min(fullRate, total);
        return new Pace(total, constrainedBy, capacity, loops);
    }

    private Loop advance(Pace previous, Sample sample, double drain, double fullRate, long now) {
        double previousTotal = previous.total();
        double target = settings.targetDelay().toNanos() / 1e9;
        double delay = delaySeconds(sample, drain);
        boolean backlogged = delay >= target;
        Loop loop = previous.loops().get(sample.coordinatorId());
        if (loop == null || (backlogged && !loop.anchored())) {
            // A coordinator with a queue is paced to its capacity from the first sample that shows one; until
            // then it takes over the current total, so that hearing an idle coordinator (of another data kind,
            // say) does not throttle anything.
            double gain = backlogged ? Math.min(1.0, loop == null ? 1.0 : loop.gain()) : previous.total() / drain;
            return new Loop(
                    clampGain(gain, drain, fullRate),
                    drain,
                    backlogged,
                    backlogged,
                    false,
                    sample.queueSize(),
                    sample.receivedNanos(),
                    now,
                    now);
        }
        boolean newSample = sample.receivedNanos() != loop.sampleNanos();
        boolean draining = newSample ? sample.queueSize() < loop.queueSize() : loop.draining();
        if (newSample) {
            // Smoothed: the pace should follow the capacity, not every window's noise; a drop counts sooner
            // than a rise, since a queue builds while the pace lags behind a drop.
            long smoothing = drain < loop.drainRate() ? DRAIN_SMOOTHING / 4 : DRAIN_SMOOTHING;
            double alpha = 1 - Math.exp(-(sample.receivedNanos() - loop.sampleNanos()) / (double) smoothing);
            drain = loop.drainRate() + Math.max(0, Math.min(1, alpha)) * (drain - loop.drainRate());
        } else {
            drain = loop.drainRate();
        }
        double gain = loop.gain();
        if (drain > loop.drainRate() && !loop.backlogged()) {
            // Found while probing with no backlog: the gain that found it is wound back instead.
            gain *= loop.drainRate() / drain;
        }
        long dt = Math.min(MAX_STEP_NANOS, Math.max(0, now - loop.updatedNanos()));
        boolean fresh = !backlogged || now - sample.receivedNanos() <= HOLD_AFTER.toNanos();
        double error = integralError(delay, target);
        boolean empty = error >= 1.0;
        long emptySince = empty ? (loop.emptySinceNanos() < 0 ? now : loop.emptySinceNanos()) : -1;
        // Once the queue has stayed empty for a second, the probe speeds up (up to 4x after 4 s), like BBR's
        // start-up: a pace far below the capacity (a restart, a recovered database, replicas added) is left
        // quickly, while the short lulls of a loop near its target do not count.
        double emptyFor = (now - emptySince) / 1e9 - 1;
        double speed = empty ? 1 + Math.max(0, Math.min(MAX_PROBE_SPEED - 1, emptyFor)) : 1;
        // Anti-windup: while the queue already shrinks, lowering the gain further only stores up a dip.
        if (fresh && dt > 0 && !(error < 0 && draining)) {
            gain *= Math.exp(probeRate * speed * error * dt / 1e9);
        }
        // Anti-windup across coordinators: one that does not set the pace (another is more constrained) sees
        // its queue empty and would probe on and on; once it becomes the constrained one, a gain wound up far
        // above the pace actually sent takes seconds to come down while its queue grows. So a gain rises only
        // while its allowance is within one probe step of the pace sent; it is never pulled down by this.
        gain = Math.min(gain, Math.max(loop.gain(), previousTotal * settings.probeGain() / drain));
        return new Loop(
                clampGain(gain, drain, fullRate),
                drain,
                backlogged,
                loop.anchored(),
                draining,
                sample.queueSize(),
                sample.receivedNanos(),
                emptySince,
                now);
    }

    /**
     * Full probing speed while the queue is as good as empty; near the target a gentle slope, so that the
     * gain does not chase the noise of every window; full speed down once the delay is four times the target.
     */
    static double integralError(double delay, double target) {
        if (delay <= target / 4) {
            return 1.0;
        }
        return Math.max(-1.0, Math.min(1.0, (target - delay) / (3 * target)));
    }

    /** Anti-windup: a gain that would allow more than the providers' full rate only stores up an overshoot. */
    private double clampGain(double gain, double drain, double fullRate) {
        double max = Math.max(settings.minGain(), fullRate / drain);
        return Math.max(settings.minGain(), Math.min(max, gain));
    }

    private double drainFactor(double delay) {
        double target = settings.targetDelay().toNanos() / 1e9;
        double horizon = settings.drainHorizon().toNanos() / 1e9;
        return delay <= target ? 1.0 : Math.max(MIN_DRAIN_FACTOR, 1.0 - (delay - target) / horizon);
    }

    /**
     * The standing queue's delay: the smaller of the oldest item's age and the time to drain the queue at the
     * measured rate. An item waiting for a partial batch to fill has aged without any congestion; a queue
     * that would drain in no time is no standing queue whatever its oldest item's age.
     */
    static double delaySeconds(Sample sample, double drain) {
        double drainTime = sample.queueSize() / drain;
        return sample.queueDelayMs() == null ? drainTime : Math.min(drainTime, sample.queueDelayMs() / 1000.0);
    }
}
