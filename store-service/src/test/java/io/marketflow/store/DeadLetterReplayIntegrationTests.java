package io.marketflow.store;

import static io.marketflow.testkit.WebAnswers.getJson;
import static io.marketflow.testkit.WebAnswers.postOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.Bar;
import io.marketflow.store.deadletter.FileDeadLetterQueue;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Dead letters replayed over the admin API end up in the table, and only then leave the dead-letter queue. */
class DeadLetterReplayIntegrationTests extends EmbeddedStoreTest {

    @Autowired
    FileDeadLetterQueue deadLetters;

    @Test
    void replayWritesTheRowsAndEmptiesTheQueue() throws Exception {
        var bars = deadLetters.shelf("bars", Bar.class, "bars-coord");
        Instant start = Instant.parse("2025-10-15T14:30:00Z");
        bars.deadLetter(
                List.of(
                        Bar.of("DLQ", "1m", start, 10, 11, 9, 10.5, 100),
                        Bar.of("DLQ", "1m", start.plusSeconds(60), 10, 11, 9, 10.5, 100)),
                "connection refused",
                5);
        bars.deadLetter(List.of(Bar.of("DLQ", "1m", start.plusSeconds(120), 10, 11, 9, 10.5, 100)), "timeout", 5);

        getJson(http, "/admin/dlq")
                .jsonPath("$.records")
                .isEqualTo(2)
                .jsonPath("$.items")
                .isEqualTo(3);

        postOk(http, "/admin/dlq/replay?max=10")
                .jsonPath("$.replayed")
                .isEqualTo(2)
                .jsonPath("$.remaining")
                .isEqualTo(0);

        assertThat(count("SELECT count(*) FROM bars WHERE symbol = 'DLQ'")).isEqualTo(3);
        getJson(http, "/admin/dlq").jsonPath("$.records").isEqualTo(0);
    }

    @Test
    void replayRejectsAnOutOfRangeMax() {
        http.post()
                .uri("/admin/dlq/replay?max=0")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains("max"));
    }
}
