package io.marketflow.store.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class JournalHealthIndicatorTests {

    // The readiness group names the journal whether or not it is on; off, it must not hold the store back.
    @Test
    void aDisabledJournalIsUpAndSaysSo() {
        Health health = new JournalHealthIndicator(null, null).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("enabled", false);
    }
}
