package io.marketflow.store.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.devdb.EmbeddedDatabase;
import io.marketflow.devdb.SharedTestDatabase;
import io.marketflow.store.StoreTables;
import io.marketflow.store.TestBars;
import io.marketflow.store.reliability.StoreHttp.Reply;
import io.marketflow.testkit.StoreProcess;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store as its own process, with API keys, a webhook signing secret and a database password that are random
 * for this run: the keys guard every data and admin endpoint; the actuator exposes health, info and prometheus
 * only; request size and item count are limited; SQL in a value stays a value; and none of the secrets shows up
 * in any response or anywhere in the process's output, from start-up to exit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIntegrationTests {

    static final SecureRandom RANDOM = new SecureRandom();
    static final String KEY_1 = "k1-" + hex(16);
    static final String KEY_2 = "k2-" + hex(16);
    static final String WEBHOOK_SECRET = "whsec_" + Base64.getEncoder().encodeToString(bytes(32));
    static final String DB_PASSWORD = "pw-" + hex(16);
    static final int MAX_ITEMS = 500;
    static final int MAX_BYTES = 256 * 1024;

    static final List<String> PROTECTED = List.of(
            "POST /ingest",
            "POST /ingest/bars",
            "POST /ingest/options",
            "POST /ingest/fundamentals",
            "POST /ingest/news",
            "GET /bars?symbol=SEC&timeframe=1m",
            "GET /admin/dlq",
            "POST /admin/dlq/replay?max=1");

    @TempDir
    static Path dir;

    static Map<String, String> settings;
    static StoreProcess store;
    static StoreHttp anonymous;
    static final List<Reply> replies = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        settings = new HashMap<>(SharedTestDatabase.newDatabase("security"));
        String role = ownedByNewRole(settings.get("POSTGRES_DB"));
        settings.put("POSTGRES_USER", role);
        settings.put("POSTGRES_PASSWORD", DB_PASSWORD);
        settings.put("MDS_DLQ_DIR", dir.resolve("dlq").toString());
        settings.put("MDS_INGEST_API_KEYS", KEY_1 + "," + KEY_2);
        settings.put("MDS_INGEST_MAX_ITEMS", Integer.toString(MAX_ITEMS));
        settings.put("MDS_INGEST_MAX_BYTES", Integer.toString(MAX_BYTES));
        settings.put("MDS_FEEDBACK_WEBHOOK_SECRET", WEBHOOK_SECRET);
        // Broadcasting to a port nobody listens on: the failures are logged, and must not carry the secret.
        settings.put("MDS_FEEDBACK_ENABLE_HTTP_BROADCAST", "true");
        settings.put("MDS_FEEDBACK_WEBHOOK_URL", "http://localhost:" + closedPort() + "/feedback");
        settings.put("MDS_FEEDBACK_HEARTBEAT_SEC", "0.5");
        store = StoreJvm.start(settings, dir.resolve("store.log"));
        anonymous = new StoreHttp(store.url());
    }

    @AfterAll
    static void stop() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    @Order(1)
    @Test
    void everyDataAndAdminEndpointNeedsAValidKey() {
        StoreHttp wrongKey = anonymous.withHeader("Authorization", "Bearer " + KEY_1 + "x");
        StoreHttp basic = anonymous.withHeader(
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(("user:" + KEY_1).getBytes()));
        for (String endpoint : PROTECTED) {
            for (StoreHttp client : List.of(anonymous, wrongKey, basic)) {
                Reply reply = call(client, endpoint, "[" + TestBars.bar("SEC", TestBars.START, 191.5) + "]");
                assertThat(reply.status()).as("%s: %s", endpoint, reply).isEqualTo(401);
                assertThat(reply.isProblem()).as("%s: %s", endpoint, reply).isTrue();
                assertThat(reply.headers().firstValue("WWW-Authenticate")).isPresent();
            }
        }
    }

    @Order(2)
    @Test
    void anUnauthenticatedRequestIsRefusedWhateverItsBody() {
        Reply reply = anonymous.send(
                "POST", "/ingest", "application/json", GeneratedBody.publisher("[", " ", "]", 20L << 20, false));
        record(reply);
        assertThat(reply.status()).isEqualTo(401);
    }

    @Order(3)
    @Test
    void eitherConfiguredKeyOpensThem() {
        for (String key : List.of(KEY_1, KEY_2)) {
            StoreHttp client = anonymous.withHeader("Authorization", "Bearer " + key);
            int offset = key.equals(KEY_1) ? 0 : 1;
            Reply committed = record(
                    client.post("/ingest?ack=committed", "application/json", TestBars.jsonArray("SEC", offset, 1)));
            assertThat(committed.status()).as("%s", committed).isEqualTo(200);
            assertThat(record(client.post("/ingest?ack=queued", "application/json", TestBars.jsonArray("SEC", 10, 1)))
                            .status())
                    .isEqualTo(202);
            assertThat(record(client.get("/bars?symbol=SEC&timeframe=1m")).status())
                    .isEqualTo(200);
            assertThat(record(client.get("/admin/dlq")).status()).isEqualTo(200);
            assertThat(record(client.post("/admin/dlq/replay?max=1", "application/json", ""))
                            .status())
                    .isEqualTo(200);
        }
    }

    @Order(4)
    @ParameterizedTest
    @ValueSource(
            strings = {
                "/actuator/env",
                "/actuator/env/POSTGRES_PASSWORD",
                "/actuator/configprops",
                "/actuator/beans",
                "/actuator/heapdump",
                "/actuator/threaddump",
                "/actuator/loggers",
                "/actuator/metrics",
                "/actuator/mappings",
                "/actuator/conditions",
                "/actuator/scheduledtasks",
                "/actuator/startup",
                "/actuator/sbom",
                "/actuator/flyway",
                "/actuator/shutdown"
            })
    void onlyHealthInfoAndPrometheusAreExposed(String path) {
        assertThat(record(anonymous.get(path)).status()).isEqualTo(404);
        assertThat(record(anonymous.post(path, "application/json", "{}")).status())
                .isIn(404, 405);
    }

    @Order(5)
    @Test
    void theActuatorListsExactlyThreeEndpoints() {
        Reply index = record(anonymous.get("/actuator"));
        assertThat(index.status()).isEqualTo(200);
        List<String> links = new ArrayList<>();
        index.json().path("_links").propertyNames().forEach(links::add);
        assertThat(links).containsExactlyInAnyOrder("self", "health", "health-path", "info", "prometheus");
        for (String path : List.of("/actuator/info", "/actuator/health", "/actuator/prometheus")) {
            assertThat(record(anonymous.get(path)).status()).as(path).isEqualTo(200);
        }
    }

    @Order(6)
    @Test
    void requestSizeAndItemCountAreLimited() {
        StoreHttp client = anonymous.withHeader("Authorization", "Bearer " + KEY_1);
        Reply tooMany =
                record(client.post("/ingest", "application/x-ndjson", TestBars.ndjson("LIMIT", 0, MAX_ITEMS + 1)));
        assertThat(tooMany.status()).as("%s", tooMany).isEqualTo(413);
        assertThat(tooMany.json().path("detail").asString()).contains("MDS_INGEST_MAX_ITEMS");

        Reply tooBig = record(client.send(
                "POST", "/ingest", "application/json", GeneratedBody.publisher("[", " ", "]", MAX_BYTES + 1, false)));
        assertThat(tooBig.status()).as("%s", tooBig).isEqualTo(413);
        assertThat(tooBig.json().path("detail").asString()).contains("MDS_INGEST_MAX_BYTES");
    }

    @Order(7)
    @Test
    void sqlInAValueIsStoredAsText() throws Exception {
        StoreHttp client = anonymous.withHeader("Authorization", "Bearer " + KEY_2);
        String id = "n'); DROP TABLE bars; --";
        String headline = "'; DELETE FROM news WHERE ''='";
        Reply reply = record(client.post(
                "/ingest/news?ack=committed",
                "application/json",
                "[" + IngestKind.NEWS.with(Map.of("id", quoted(id), "headline", quoted(headline))) + "]"));
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(record(client.get("/bars?symbol=SEC'%20OR%20'1'='1&timeframe=1m"))
                        .status())
                .isEqualTo(400);
        assertThat(record(client.get("/bars?symbol=SEC&timeframe=1m'%3B%20DROP%20TABLE%20bars%3B--"))
                        .status())
                .isEqualTo(400);

        StoreTables tables = new StoreTables(settings);
        try (Connection c = tables.connect();
                PreparedStatement select = c.prepareStatement("SELECT headline FROM news WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(headline);
            }
        }
        assertThat(tables.count("bars")).isEqualTo(3);
    }

    @Order(8)
    @Test
    void noSecretAppearsInAnyResponseOrInTheLog() throws Exception {
        record(anonymous.post("/ingest", "application/json", "[{\"symbol\":"));
        assertThat(replies).hasSizeGreaterThan(20);
        for (Reply reply : replies) {
            assertNoSecret("response " + reply, reply.body() + reply.headers().map());
        }

        store.terminate();
        assertThat(store.awaitExit(Duration.ofSeconds(60))).isEqualTo(143);
        String log = store.log();
        // The log did record the start, the failing signed webhook and the drain: there was something to leak.
        assertThat(log).contains("store ready").contains("Feedback webhook").contains("write coordinator stopped");
        assertNoSecret("the store's log", log);
    }

    private static void assertNoSecret(String where, String text) {
        String webhookKey = WEBHOOK_SECRET.substring("whsec_".length());
        for (String secret : List.of(KEY_1, KEY_2, WEBHOOK_SECRET, webhookKey, DB_PASSWORD)) {
            assertThat(text).as(where).doesNotContain(secret);
        }
    }

    private static Reply call(StoreHttp client, String endpoint, String body) {
        String[] parts = endpoint.split(" ", 2);
        return record(parts[0].equals("GET") ? client.get(parts[1]) : client.post(parts[1], "application/json", body));
    }

    private static Reply record(Reply reply) {
        replies.add(reply);
        return reply;
    }

    /** A role of its own, with this run's password, owning the test database (and so its public schema). */
    private static String ownedByNewRole(String database) throws Exception {
        EmbeddedDatabase server = SharedTestDatabase.server();
        String role = "sec_" + hex(6);
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), server.password());
                Statement statement = c.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + DB_PASSWORD + "'");
            statement.execute("ALTER DATABASE " + database + " OWNER TO " + role);
        }
        return role;
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String hex(int bytes) {
        return HexFormat.of().formatHex(bytes(bytes));
    }

    private static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
