package io.marketflow.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.store.coordinator.CommitResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The answer written by hand is the one the API documentation describes, as Jackson writes the record. */
class IngestResultTests {

    @Test
    void itsJsonIsWhatJacksonWritesForEveryShape() {
        List<IngestResult> shapes = List.of(
                IngestResult.queued(0),
                IngestResult.queued(1000),
                IngestResult.committed(500, new CommitResult(500, 0)),
                IngestResult.committed(2, new CommitResult(1, 1)),
                IngestResult.committed(Integer.MAX_VALUE, new CommitResult(Integer.MAX_VALUE - 7, 7)));

        for (IngestResult result : shapes) {
            assertThat(new String(result.json(), StandardCharsets.US_ASCII))
                    .isEqualTo(IngestJson.mapper().writeValueAsString(result));
        }
    }
}
