package io.marketflow.store.query;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The buckets a rolled-up timeframe groups finer bars into. Intraday sizes are fixed-length buckets aligned to
 * the UTC epoch; days are calendar days of the query's zone, starting at local midnight (23 or 25 hours long
 * across a DST change). Each bucket is named by the instant it starts.
 */
final class Buckets {

    /** The origin of UTC-aligned buckets, and the start of an open-ended range when looking up zone offsets. */
    static final Instant EPOCH = Instant.EPOCH;

    /** How far past now an open-ended range is checked for zone offsets. */
    private static final Duration HORIZON = Duration.ofDays(366 * 5);

    private final Duration size;
    private final ZoneId zone;

    private Buckets(Duration size, ZoneId zone) {
        this.size = size;
        this.zone = zone;
    }

    static Buckets of(BarQuery query) {
        return new Buckets(Timeframe.size(query.timeframe()), query.localDays() ? query.zone() : ZoneOffset.UTC);
    }

    /** Whether a bucket boundary moves with the zone's DST rules (not a fixed number of seconds from the epoch). */
    boolean zoned() {
        return !(zone instanceof ZoneOffset);
    }

    /** Fixed-length buckets: the instant every bucket boundary is a whole number of sizes away from. */
    Instant origin() {
        return zone instanceof ZoneOffset offset ? EPOCH.minusSeconds(offset.getTotalSeconds()) : EPOCH;
    }

    Duration size() {
        return size;
    }

    /** The IANA name PostgreSQL knows the zone by; only for {@link #zoned()} buckets. */
    String zoneName() {
        return zone.getId();
    }

    /**
     * The coarsest size, no finer than {@code source}, whose UTC-aligned partial buckets each lie in one bucket:
     * the bucket size itself for fixed buckets; for local days the coarsest timeframe that tiles them.
     */
    Duration partialSize(String source, Instant from, Instant to) {
        if (!zoned()) {
            return size;
        }
        Duration partial = Timeframe.size(source);
        for (String candidate : Timeframe.FINEST_FIRST) {
            Duration candidateSize = Timeframe.size(candidate);
            if (candidateSize.compareTo(partial) > 0 && tiledBy(candidate, from, to)) {
                partial = candidateSize;
            }
        }
        return partial;
    }

    /** The start of the first bucket that begins at or after {@code instant}. */
    Instant alignUp(Instant instant) {
        if (zoned()) {
            LocalDate day = instant.atZone(zone).toLocalDate();
            Instant start = day.atStartOfDay(zone).toInstant();
            return start.isBefore(instant) ? day.plusDays(1).atStartOfDay(zone).toInstant() : start;
        }
        long sizeSeconds = size.toSeconds();
        long sinceOrigin = instant.getEpochSecond() - origin().getEpochSecond();
        long buckets = Math.floorDiv(sinceOrigin, sizeSeconds);
        Instant start = origin().plusSeconds(buckets * sizeSeconds);
        return start.isBefore(instant) ? start.plusSeconds(sizeSeconds) : start;
    }

    /**
     * Whether bars of {@code source} (aligned to the UTC epoch) each fall wholly inside one bucket between
     * {@code from} and {@code to} (either may be null). True when the source size divides the bucket size and
     * every UTC offset the zone uses there; false for 1h bars and days of a zone at UTC+05:30, for instance.
     */
    boolean tiledBy(String source, Instant from, Instant to) {
        long sourceSeconds = Timeframe.size(source).toSeconds();
        if (sourceSeconds >= size.toSeconds() || size.toSeconds() % sourceSeconds != 0) {
            return false;
        }
        return offsets(from, to).stream().allMatch(offset -> offset.getTotalSeconds() % sourceSeconds == 0);
    }

    private List<ZoneOffset> offsets(Instant from, Instant to) {
        if (zone instanceof ZoneOffset offset) {
            return List.of(offset);
        }
        ZoneRules rules = zone.getRules();
        Instant start = from != null ? from : EPOCH;
        Instant end = to != null ? to : Instant.now().plus(HORIZON);
        List<ZoneOffset> offsets = new ArrayList<>();
        offsets.add(rules.getOffset(start));
        ZoneOffsetTransition transition = rules.nextTransition(start);
        while (transition != null && transition.getInstant().isBefore(end)) {
            offsets.add(transition.getOffsetAfter());
            transition = rules.nextTransition(transition.getInstant());
        }
        return offsets;
    }
}
