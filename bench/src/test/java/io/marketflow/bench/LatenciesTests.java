package io.marketflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTests {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        long[] nanos =
                LongStream.rangeClosed(1, 100).map(ms -> (101 - ms) * 1_000_000).toArray();

        assertThat(Latencies.ofNanos(nanos)).isEqualTo(new Latencies(100, 50.0, 95.0, 99.0, 100.0));
    }

    @Test
    void noSamplesGiveNoPercentiles() {
        assertThat(Latencies.ofNanos(new long[0]).p99()).isNaN();
    }
}
