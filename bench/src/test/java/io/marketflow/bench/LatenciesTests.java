package io.marketflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTests {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        long[] nanos =
                LongStream.rangeClosed(1, 100).map(ms -> (101 - ms) * 1_000_000).toArray();

        Latencies latencies = Latencies.ofNanos(nanos);

        assertThat(latencies.samples()).isEqualTo(100);
        assertThat(latencies.p50()).isEqualTo(50.0);
        assertThat(latencies.p95()).isEqualTo(95.0);
        assertThat(latencies.p99()).isEqualTo(99.0);
        assertThat(latencies.max()).isEqualTo(100.0);
    }

    @Test
    void noSamplesGiveNoPercentiles() {
        assertThat(Latencies.ofNanos(new long[0]).p99()).isNaN();
    }
}
