package io.marketflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live dashboard in a real headless Chromium against the whole system: the numbers on the page move while
 * bars flow, and a stopped store is shown as unreachable. Screenshots are kept in {@code launcher/target/}.
 * Skipped where {@code /usr/bin/chromium} is missing (Debian package {@code chromium}), except on CI.
 */
class DashboardBrowserIntegrationTests {

    private static final String PROVIDER = "ibkr"; // MDP_FB_PROVIDER_NAME's default names the synthetic feed
    private static final Duration LIVE = Duration.ofSeconds(60);

    @BeforeAll
    static void needsChromium() {
        if (!Files.isExecutable(DashboardBrowser.CHROMIUM)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(DashboardBrowser.CHROMIUM + " is missing on CI: install Debian's chromium package");
            }
            assumeTrue(false, DashboardBrowser.CHROMIUM + " is missing: the browser test is skipped");
        }
    }

    @Test
    void showsLiveNumbersWhileTrafficFlows() throws IOException {
        LocalSystem.Options options = LocalSystem.Options.randomPorts()
                .withFeed(true)
                // One worker whose every write takes 4 s (a statement trigger, below) lets the queue pass the low
                // watermark (1000) under the step policy: the page must show the store's pressure rise and fall,
                // not only numbers ticking.
                .withStore(Map.of(
                        "MDS_COORDINATOR_CAPACITY", "2000",
                        "MDS_COORDINATOR_WORKERS", "1",
                        "MDS_COORDINATOR_BATCH_SIZE", "1500",
                        "MDS_FEEDBACK_HEARTBEAT_SEC", "1"))
                // Six hours of 1 s bars as history (43,200 bars), so traffic flows for the whole test.
                .withPipeline(Map.of(
                        "MDP_FB_POLICY", "step",
                        "MDP_RATE_IBKR_REFILL_RATE", "500",
                        "MDP_RATE_IBKR_CAPACITY", "500",
                        "MDP_PROVIDER_IBKR_MODE", "backfill",
                        "MDP_PROVIDER_IBKR_TIMEFRAME", "1s",
                        "MDP_ROUTER_SHUTDOWN_TIMEOUT_SEC", "2"));
        try (LocalSystem system = LocalSystem.start(options);
                DashboardBrowser browser = DashboardBrowser.start(1280, 900)) {
            new LoopDatabase(system).slowEveryWrite(Duration.ofSeconds(4));
            String origin = "http://localhost:" + system.pipelinePort();
            browser.open(origin + "/");
            Page page = new Page(browser);

            await().atMost(LIVE).until(() -> page.providerNumber("bars-sent") > 0);
            long sent = page.providerNumber("bars-sent");
            long seq = page.number("snapshot-seq");
            await().atMost(LIVE)
                    .until(() -> page.providerNumber("bars-sent") > sent && page.number("snapshot-seq") > seq);
            await().atMost(LIVE).until(() -> page.count("[data-testid=\"event\"][data-kind=\"level-change\"]") > 0);
            await().atMost(LIVE).until(() -> page.providerValue("sent-rate") != null);

            assertThat(page.text("[data-testid=\"connection\"]")).isEqualTo("live");
            assertThat(page.text("[data-testid=\"store-status\"]")).isEqualTo("store UP");
            assertThat(page.coordinatorValue("capacity")).isEqualTo("2000");
            assertThat(page.coordinatorValue("low-watermark")).isEqualTo("1000");
            assertThat(page.coordinatorValue("high-watermark")).isEqualTo("1600");
            assertThat(page.coordinatorValue("workers-alive")).isEqualTo(page.coordinatorValue("workers"));
            assertThat(page.coordinatorValue("circuit-state")).isEqualTo("closed");
            assertThat(page.coordinatorValue("level")).isIn("ok", "soft", "hard");
            assertThat(Double.parseDouble(page.providerValue("base-rate"))).isEqualTo(500.0);
            assertThat(Double.parseDouble(page.providerValue("effective-rate")))
                    .isEqualTo(500.0 * Double.parseDouble(page.providerValue("scale")));

            byte[] png = browser.screenshot(2000);
            Files.write(Path.of("target", "dashboard-screenshot.png"), png);
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');

            assertThat(browser.requestedUrls())
                    .contains(origin + "/dashboard/stream")
                    .allSatisfy(url -> assertThat(url).startsWith(origin + "/"));
            assertThat(browser.scriptErrors()).isEmpty();
        }
    }

    @Test
    void showsAStoreItCannotReachAndWhatItLastHeardByFeedback() throws IOException {
        // The store runs and sends feedback, but the pipeline reads its health from an address where nothing
        // listens. (Stopping the store inside this JVM would also stop Reactor Netty's shared resources.)
        LocalSystem.Options options = LocalSystem.Options.randomPorts()
                .withStore(Map.of("MDS_FEEDBACK_HEARTBEAT_SEC", "1"))
                .withPipeline(Map.of("MDP_STORE_URL", "http://127.0.0.1:" + closedPort()));
        try (LocalSystem system = LocalSystem.start(options);
                DashboardBrowser browser = DashboardBrowser.start(1280, 900)) {
            browser.open("http://localhost:" + system.pipelinePort() + "/");
            Page page = new Page(browser);

            await().atMost(LIVE).until(() -> "store unreachable".equals(page.text("[data-testid=\"store-status\"]")));
            await().atMost(LIVE).until(() -> page.coordinatorValue("feedback-seq") != null);

            assertThat(page.text("[data-testid=\"store-unreachable\"]")).startsWith("store unreachable");
            assertThat(browser.evaluate("String(document.querySelector('[data-testid=\"store-unreachable\"]').hidden)"))
                    .isEqualTo("false");
            assertThat(page.coordinatorValue("capacity"))
                    .as("the capacity the store reported in its last feedback event")
                    .isEqualTo("10000");
            assertThat(page.coordinatorValue("circuit-state"))
                    .as("only the store's health tells")
                    .isEmpty();
            Files.write(Path.of("target", "dashboard-store-unreachable.png"), browser.screenshot(2000));
            assertThat(browser.scriptErrors()).isEmpty();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Reads the dashboard's numbers: the raw value sits in a {@code data-value} attribute beside the text. */
    private record Page(DashboardBrowser browser) {

        String text(String selector) {
            return browser.evaluate("(() => { const n = document.querySelector('" + selector.replace("'", "\\'")
                    + "'); return n && n.textContent.trim(); })()");
        }

        String value(String selector) {
            return browser.evaluate("(() => { const n = document.querySelector('" + selector.replace("'", "\\'")
                    + "'); return n && n.getAttribute('data-value'); })()");
        }

        long count(String selector) {
            return Long.parseLong(browser.evaluate(
                    "String(document.querySelectorAll('" + selector.replace("'", "\\'") + "').length)"));
        }

        long number(String testid) {
            String value = value("[data-testid=\"" + testid + "\"]");
            if (value == null) {
                String text = text("[data-testid=\"" + testid + "\"]");
                return text == null || !text.matches("\\d+") ? -1 : Long.parseLong(text);
            }
            return (long) Double.parseDouble(value);
        }

        String providerValue(String testid) {
            return value("[data-provider=\"" + PROVIDER + "\"] [data-testid=\"" + testid + "\"]");
        }

        long providerNumber(String testid) {
            String value = providerValue(testid);
            return value == null ? -1 : (long) Double.parseDouble(value);
        }

        String coordinatorValue(String testid) {
            return value("[data-coordinator=\"bars-coord\"] [data-testid=\"" + testid + "\"]");
        }
    }
}
