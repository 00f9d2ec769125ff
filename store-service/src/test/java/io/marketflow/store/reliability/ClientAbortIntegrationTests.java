package io.marketflow.store.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.devdb.SharedTestDatabase;
import io.marketflow.store.InProcessStore;
import io.marketflow.store.lane.DataKind;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A client that hangs up in the middle of its request body is the client's doing, not a server error: the store
 * counts it in {@code mds_ingest_client_aborts_total}, logs it at debug level only, does not try to answer on
 * the closed connection, and queues nothing of the half-sent request.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientAbortIntegrationTests {

    private static final Pattern ABORTS = Pattern.compile("mds_ingest_client_aborts_total\\{[^}]*\\} ([0-9.]+)");

    @TempDir
    Path dlq;

    @Test
    void clientHangingUpMidBodyIsCountedAndNotLoggedAsAnError(CapturedOutput output) throws Exception {
        Map<String, String> settings = new HashMap<>(SharedTestDatabase.newDatabase("aborts"));
        settings.put("MDS_DLQ_DIR", dlq.toString());
        try (InProcessStore store = InProcessStore.start(settings)) {
            StoreHttp http = new StoreHttp(store.url());
            String item = "{\"symbol\":\"ABRT\",\"timeframe\":\"1m\",\"ts\":\"2025-10-15T14:30:00Z\",\"open\":1,"
                    + "\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":10}";
            int logBefore = output.getAll().length();

            for (String type : new String[] {"application/json", "application/x-ndjson"}) {
                String partial = type.endsWith("json") ? "[" + item + "," + item.substring(0, 40) : item + "\n";
                hangUpMidBody(store.port(), "/ingest/bars?ack=committed", type, partial, 100_000);
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> aborts(http) >= 2);
            // A later request is served normally, and nothing of the aborted ones was queued.
            StoreHttp.Reply reply = http.post("/ingest?ack=committed", "application/json", "[]");
            assertThat(reply.status()).as("%s", reply).isEqualTo(200);
            assertThat(store.lanes().get(DataKind.BARS).coordinator().health().queueSize())
                    .isZero();
            assertThat(aborts(http)).isEqualTo(2);
            String scrape = http.get("/actuator/prometheus").body();
            assertThat(scrape).doesNotContain("status=\"UNKNOWN\"");
            String log = output.getAll().substring(logBefore);
            assertThat(log)
                    .doesNotContain(" ERROR ")
                    .doesNotContain("UnsupportedOperationException")
                    .doesNotContain("AbortedException")
                    .doesNotContain("failed");
        }
    }

    private static void hangUpMidBody(int port, String path, String type, String partialBody, int declaredLength)
            throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
                    + "\r\nContent-Length: " + declaredLength + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(partialBody.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static double aborts(StoreHttp http) {
        Matcher matcher = ABORTS.matcher(http.get("/actuator/prometheus").body());
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }
}
