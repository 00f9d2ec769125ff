package io.marketflow.launcher;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real headless Chromium (Debian's {@code chromium}) with one page, driven over the DevTools protocol with
 * nothing but the JDK's WebSocket client: open a URL, evaluate JavaScript, take a screenshot. It also records
 * every URL the page requested and every uncaught script error. A fresh profile directory per browser, removed
 * on close, so nothing of a previous run or of the user's own browser leaks in.
 */
final class DashboardBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> requestedUrls = new CopyOnWriteArrayList<>();
    private final List<String> scriptErrors = new CopyOnWriteArrayList<>();

    private DashboardBrowser(Process process, Path profile, String pageSocketUrl) {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create(pageSocketUrl), new Listener())
                .join();
    }

    /** Starts Chromium with a {@code width x height} window and connects to its blank page. */
    static DashboardBrowser start(int width, int height) throws IOException {
        Path profile = Files.createTempDirectory("dashboard-chromium-");
        Files.createDirectories(Path.of("target"));
        Process process = new ProcessBuilder(
                        CHROMIUM.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-address=127.0.0.1",
                        "--remote-debugging-port=0",
                        "--window-size=" + width + "," + height,
                        "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "dashboard-chromium.log").toFile())
                .start();
        try {
            // Chromium writes the port it chose (and the browser's socket path) into the profile directory.
            Path activePort = profile.resolve("DevToolsActivePort");
            await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive() || isComplete(activePort));
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "chromium exited with " + process.exitValue() + "; see launcher/target/dashboard-chromium.log");
            }
            int port = Integer.parseInt(Files.readAllLines(activePort).get(0).strip());
            return new DashboardBrowser(process, profile, pageSocketUrl(port));
        } catch (RuntimeException | IOException e) {
            stop(process);
            deleteRecursively(profile);
            throw e;
        }
    }

    private static boolean isComplete(Path activePort) throws IOException {
        return Files.exists(activePort) && Files.readAllLines(activePort).size() >= 2;
    }

    private static String pageSocketUrl(int port) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .timeout(Duration.ofSeconds(10))
                .build();
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            JsonNode targets = JSON.readTree(http.send(list, HttpResponse.BodyHandlers.ofString())
                                    .body());
                            for (JsonNode target : targets) {
                                if ("page".equals(target.path("type").asString())) {
                                    return target.path("webSocketDebuggerUrl").asString();
                                }
                            }
                            return null;
                        },
                        url -> url != null);
    }

    /** Opens {@code url} and waits until the document and its scripts have loaded. */
    void open(String url) {
        send("Runtime.enable", Map.of());
        send("Network.enable", Map.of());
        send("Page.enable", Map.of());
        send("Page.navigate", Map.of("url", url));
        await().atMost(Duration.ofSeconds(30)).until(() -> "complete".equals(evaluate("document.readyState")));
    }

    /** The value of a JavaScript expression, as a string; null when it is null or undefined. */
    String evaluate(String expression) {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        JsonNode value = result.path("result").path("value");
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }

    /** A PNG of the whole page (not just the window), at most {@code maxHeight} CSS pixels tall. */
    byte[] screenshot(int maxHeight) {
        JsonNode metrics = send("Page.getLayoutMetrics", Map.of());
        JsonNode content = metrics.path("cssContentSize");
        double width = content.path("width").asDouble();
        double height = Math.min(maxHeight, content.path("height").asDouble());
        JsonNode shot = send(
                "Page.captureScreenshot",
                Map.of(
                        "format",
                        "png",
                        "captureBeyondViewport",
                        true,
                        "clip",
                        Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        return Base64.getDecoder().decode(shot.path("data").asString());
    }

    /** Every URL the page requested since it was opened. */
    List<String> requestedUrls() {
        return List.copyOf(requestedUrls);
    }

    /** Every uncaught script error since the page was opened. */
    List<String> scriptErrors() {
        return List.copyOf(scriptErrors);
    }

    private JsonNode send(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        String message = JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params));
        socket.sendText(message, true).join();
        JsonNode answer = reply.orTimeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .join();
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.path("error"));
        }
        return answer.path("result");
    }

    private void received(String text) {
        JsonNode message = JSON.readTree(text);
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply =
                    pending.remove(message.path("id").asInt());
            if (reply != null) {
                reply.complete(message);
            }
            return;
        }
        JsonNode params = message.path("params");
        switch (message.path("method").asString("")) {
            case "Network.requestWillBeSent" ->
                requestedUrls.add(params.path("request").path("url").asString());
            case "Runtime.exceptionThrown" -> {
                JsonNode details = params.path("exceptionDetails");
                scriptErrors.add(details.path("exception")
                        .path("description")
                        .asString(details.path("text").asString()));
            }
            default -> {}
        }
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                received(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(reply -> reply.completeExceptionally(error));
        }
    }

    @Override
    public void close() {
        try {
            socket.abort();
        } finally {
            stop(process);
            deleteRecursively(profile);
        }
    }

    /** Ends this Chromium and the helper processes it started, and only those. */
    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
