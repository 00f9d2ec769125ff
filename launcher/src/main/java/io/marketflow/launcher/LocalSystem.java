package io.marketflow.launcher;

import io.marketflow.devdb.EmbeddedDatabase;
import io.marketflow.pipeline.PipelineApplication;
import io.marketflow.store.StoreApplication;
import io.marketflow.store.feedback.FeedbackWebhooks;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole system in one JVM: an embedded PostgreSQL, the store and the pipeline, wired as in production
 * (the store posts signed feedback to the pipeline over HTTP; the pipeline posts bars to the store over HTTP).
 * Closing it stops the pipeline first, then the store (which drains its queues into the database), then the
 * database, so nothing accepted is lost on Ctrl-C.
 */
public final class LocalSystem implements AutoCloseable {

    /**
     * Where {@code ./run.sh} keeps its state, relative to the working directory: the database in {@code postgres/}
     * and the store's write-ahead journal in {@code journal/}.
     */
    static final Path DEFAULT_DATA_DIRECTORY = Path.of("data");

    /** Database connection and JDBC auto-configuration the pipeline does not use but finds on this classpath. */
    private static final String PIPELINE_EXCLUDES = String.join(
            ",",
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcInitializationAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.health.ConnectionFactoryHealthContributorAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.metrics.ConnectionPoolMetricsAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
            "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcRepositoriesAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");

    private final EmbeddedDatabase database;
    /** Removed on close; null when the state lives in a data directory that outlives the run. */
    private final Path temporaryDirectory;

    private final Template template;
    /**
     * Every store and every pipeline, the first ones first, then those {@link #startStoreReplica} and
     * {@link #startPipeline} add; closed with the rest.
     */
    private final List<ConfigurableApplicationContext> stores = new CopyOnWriteArrayList<>();

    private final List<ConfigurableApplicationContext> pipelines = new CopyOnWriteArrayList<>();
    /** Ports of further pipelines the stores already post their feedback to, taken by {@link #startPipeline}. */
    private final Queue<Integer> reservedPipelinePorts;

    /** A system with no service started yet: {@link #start} adds the first store and pipeline. */
    private LocalSystem(EmbeddedDatabase database, Path temporaryDirectory, Template template) {
        this.database = database;
        this.temporaryDirectory = temporaryDirectory;
        this.template = template;
        this.reservedPipelinePorts = new ConcurrentLinkedQueue<>(template.pipelinePorts());
    }

    /**
     * What further instances start from: the settings the first store and pipeline started with, the directory
     * the stores' journals go in, and the ports reserved for further pipelines (every store posts to them).
     */
    private record Template(
            Path stateDirectory,
            Map<String, String> storeProperties,
            Map<String, String> pipelineProperties,
            List<Integer> pipelinePorts) {

        Template {
            storeProperties = Map.copyOf(storeProperties);
            pipelineProperties = Map.copyOf(pipelineProperties);
            pipelinePorts = List.copyOf(pipelinePorts);
        }
    }

    /** Starts everything; on any failure, stops what was started and rethrows. */
    public static LocalSystem start(Options options) {
        return start(options, 0);
    }

    /**
     * As {@link #start(Options)}, reserving free ports for {@code morePipelines} further pipelines that
     * {@link #startPipeline} may start: the store lists them in {@code MDS_FEEDBACK_WEBHOOK_URL} beside the first
     * pipeline, so it posts its feedback to each from the start.
     */
    public static LocalSystem start(Options options, int morePipelines) {
        if (morePipelines < 0) {
            throw new IllegalArgumentException("morePipelines must not be negative, was " + morePipelines);
        }
        // Without a data directory the run leaves nothing behind: the journal goes to a temporary directory
        // (a journal shared between runs would replay one run's items into the next one's database).
        Path temporaryDirectory = options.dataDirectory() == null ? createTemporaryDirectory() : null;
        Path stateDirectory = options.dataDirectory() != null ? options.dataDirectory() : temporaryDirectory;
        EmbeddedDatabase database = EmbeddedDatabase.start(
                options.databasePort(),
                options.dataDirectory() == null ? null : options.dataDirectory().resolve("postgres"),
                false);
        LocalSystem system = null;
        try {
            String secret = newWebhookSecret();
            // Both services need each other's address before either is up, so free ports are chosen here.
            int storePort = options.storePort() > 0 ? options.storePort() : freePort();
            int pipelinePort = options.pipelinePort() > 0 ? options.pipelinePort() : freePort();
            List<Integer> morePipelinePorts = freePorts(morePipelines, Set.copyOf(List.of(storePort, pipelinePort)));
            Map<String, String> storeProperties =
                    new LinkedHashMap<>(database.connectionProperties(database.createDatabaseNamed("market_data")));
            // The pipeline's dashboard (static/) is on this shared classpath; only the pipeline serves it.
            storeProperties.put("spring.web.resources.add-mappings", "false");
            storeProperties.put("spring.web.resources.static-locations", "classpath:/store-has-no-static-files/");
            storeProperties.put("MDS_FEEDBACK_ENABLE_HTTP_BROADCAST", "true");
            storeProperties.put("MDS_FEEDBACK_WEBHOOK_SECRET", secret);
            storeProperties.put(
                    "MDS_FEEDBACK_WEBHOOK_URL",
                    Stream.concat(Stream.of(pipelinePort), morePipelinePorts.stream())
                            .map(port -> feedbackUrl(port).toString())
                            .collect(Collectors.joining(",")));
            storeProperties.put(
                    "MDS_JOURNAL_DIR", stateDirectory.resolve("journal").toString());
            storeProperties.putAll(options.storeProperties());
            Map<String, String> pipelineProperties = new LinkedHashMap<>();
            pipelineProperties.put("spring.autoconfigure.exclude", PIPELINE_EXCLUDES);
            pipelineProperties.put("MDP_STORE_URL", "http://localhost:" + storePort);
            pipelineProperties.put("MDP_FB_WEBHOOK_SECRET", secret);
            pipelineProperties.put("MDP_FEED_ENABLED", Boolean.toString(options.feedEnabled()));
            pipelineProperties.putAll(options.pipelineProperties());
            system = new LocalSystem(
                    database,
                    temporaryDirectory,
                    new Template(stateDirectory, storeProperties, pipelineProperties, morePipelinePorts));

            system.stores.add(ServiceLogLabel.call(
                    ServiceLogLabel.STORE, () -> run(StoreApplication.application(), storePort, storeProperties)));
            system.pipelines.add(ServiceLogLabel.call(
                    ServiceLogLabel.PIPELINE,
                    () -> run(new SpringApplication(PipelineApplication.class), pipelinePort, pipelineProperties)));
            return system;
        } catch (RuntimeException e) {
            if (system != null) {
                system.close();
            } else {
                database.close();
                deleteQuietly(temporaryDirectory);
            }
            throw e;
        }
    }

    /**
     * Starts another store instance on a free port, with the first one's settings and its own journal, writing
     * to the same database and sending its feedback to every pipeline: a replica behind a load balancer.
     * {@code overrides} should set {@code MDS_INSTANCE_ID}, so that its coordinators report separately.
     * Closed with the system.
     */
    public ConfigurableApplicationContext startStoreReplica(Map<String, String> overrides) {
        Map<String, String> properties = new LinkedHashMap<>(template.storeProperties());
        // The first store's journal is journal/, its replicas' journal-1/, journal-2/, ...
        properties.put(
                "MDS_JOURNAL_DIR",
                template.stateDirectory().resolve("journal-" + stores.size()).toString());
        properties.putAll(overrides);
        ConfigurableApplicationContext replica = ServiceLogLabel.call(
                ServiceLogLabel.STORE, () -> run(StoreApplication.application(), freePort(), properties));
        stores.add(replica);
        return replica;
    }

    /**
     * Starts another pipeline instance with the first one's settings and {@code overrides}, sending to the store
     * and accepting feedback signed with the same secret. It listens on a port reserved by
     * {@link #start(Options, int)}, which the store and every replica list in {@code MDS_FEEDBACK_WEBHOOK_URL}
     * from their start, so it hears their feedback like the first pipeline does. Closed with the system.
     *
     * @throws IllegalStateException if every reserved port is taken
     */
    public ConfigurableApplicationContext startPipeline(Map<String, String> overrides) {
        Integer port = reservedPipelinePorts.poll();
        if (port == null) {
            throw new IllegalStateException(
                    "no pipeline port left: reserve one more with start(options, morePipelines)");
        }
        Map<String, String> properties = new LinkedHashMap<>(template.pipelineProperties());
        properties.putAll(overrides);
        ConfigurableApplicationContext another = ServiceLogLabel.call(
                ServiceLogLabel.PIPELINE,
                () -> run(new SpringApplication(PipelineApplication.class), port, properties));
        pipelines.add(another);
        // Until now the stores' posts to this port failed, and their next try may be seconds of backoff away.
        stores.forEach(each -> each.getBeanProvider(FeedbackWebhooks.class)
                .ifAvailable(webhooks -> webhooks.retryNow(feedbackUrl(port))));
        return another;
    }

    private static URI feedbackUrl(int pipelinePort) {
        return URI.create("http://localhost:" + pipelinePort + "/feedback");
    }

    private static Path createTemporaryDirectory() {
        try {
            return Files.createTempDirectory("marketflow-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("no temporary directory for the local run", e);
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            deleteRecursively(directory);
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e.getMessage());
        }
    }

    private static ConfigurableApplicationContext run(
            SpringApplication application, int port, Map<String, String> properties) {
        application.setRegisterShutdownHook(false);
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + port);
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        return application.run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("no free port", e);
        }
    }

    /** {@code count} free ports, none of them in {@code taken}. */
    private static List<Integer> freePorts(int count, Set<Integer> taken) {
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < count) {
            int port = freePort();
            if (!taken.contains(port)) {
                ports.add(port);
            }
        }
        return List.copyOf(ports);
    }

    private static String newWebhookSecret() {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    public EmbeddedDatabase database() {
        return database;
    }

    /** The first store. */
    public ConfigurableApplicationContext store() {
        return stores.get(0);
    }

    /** The first pipeline. */
    public ConfigurableApplicationContext pipeline() {
        return pipelines.get(0);
    }

    public int storePort() {
        return port(store());
    }

    public int pipelinePort() {
        return port(pipeline());
    }

    @Override
    public void close() {
        try {
            closeFurtherFirst(pipelines, ServiceLogLabel.PIPELINE);
        } finally {
            try {
                closeFurtherFirst(stores, ServiceLogLabel.STORE);
            } finally {
                database.close();
                deleteQuietly(temporaryDirectory);
            }
        }
    }

    /** Closes the instances started later in the order they started, then the first one (if it started). */
    private static void closeFurtherFirst(List<ConfigurableApplicationContext> contexts, String label) {
        contexts.stream().skip(1).forEach(further -> ServiceLogLabel.run(label, further::close));
        contexts.stream().limit(1).forEach(first -> ServiceLogLabel.run(label, first::close));
    }

    /**
     * Ports 0 pick free ones. A {@code dataDirectory} keeps the database ({@code postgres/}) and the store's
     * journal ({@code journal/}) across runs; {@code null} puts them in temporary directories removed on close.
     */
    public record Options(
            int databasePort,
            int storePort,
            int pipelinePort,
            boolean feedEnabled,
            Map<String, String> storeProperties,
            Map<String, String> pipelineProperties,
            Path dataDirectory) {

        public Options {
            storeProperties = Map.copyOf(storeProperties);
            pipelineProperties = Map.copyOf(pipelineProperties);
        }

        public Options(
                int databasePort,
                int storePort,
                int pipelinePort,
                boolean feedEnabled,
                Map<String, String> storeProperties,
                Map<String, String> pipelineProperties) {
            this(databasePort, storePort, pipelinePort, feedEnabled, storeProperties, pipelineProperties, null);
        }

        public static Options defaults() {
            return new Options(0, 8080, 8081, true, Map.of(), Map.of(), DEFAULT_DATA_DIRECTORY);
        }

        public static Options randomPorts() {
            return new Options(0, 0, 0, false, Map.of(), Map.of());
        }

        public Options withPorts(int database, int store, int pipeline) {
            return new Options(
                    database, store, pipeline, feedEnabled, storeProperties, pipelineProperties, dataDirectory);
        }

        public Options withStore(Map<String, String> properties) {
            return new Options(
                    databasePort, storePort, pipelinePort, feedEnabled, properties, pipelineProperties, dataDirectory);
        }

        public Options withPipeline(Map<String, String> properties) {
            return new Options(
                    databasePort, storePort, pipelinePort, feedEnabled, storeProperties, properties, dataDirectory);
        }

        public Options withFeed(boolean enabled) {
            return new Options(
                    databasePort, storePort, pipelinePort, enabled, storeProperties, pipelineProperties, dataDirectory);
        }

        public Options withDataDirectory(Path directory) {
            return new Options(
                    databasePort, storePort, pipelinePort, feedEnabled, storeProperties, pipelineProperties, directory);
        }
    }

    /**
     * {@code ./run.sh [--store-port=8080] [--pipeline-port=8081] [--db-port=0] [--data-dir=data]
     * [--fresh] [--no-feed]}; ports 0 pick free ones, {@code --fresh} deletes the local database first.
     */
    public static void main(String[] args) throws InterruptedException, IOException {
        Options options = Options.defaults();
        boolean fresh = false;
        for (String arg : args) {
            String value = arg.substring(arg.indexOf('=') + 1);
            if (arg.startsWith("--store-port=")) {
                options = options.withPorts(options.databasePort(), Integer.parseInt(value), options.pipelinePort());
            } else if (arg.startsWith("--pipeline-port=")) {
                options = options.withPorts(options.databasePort(), options.storePort(), Integer.parseInt(value));
            } else if (arg.startsWith("--db-port=")) {
                options = options.withPorts(Integer.parseInt(value), options.storePort(), options.pipelinePort());
            } else if (arg.startsWith("--data-dir=")) {
                options = options.withDataDirectory(Path.of(value));
            } else if (arg.equals("--fresh")) {
                fresh = true;
            } else if (arg.equals("--no-feed")) {
                options = options.withFeed(false);
            } else {
                System.err.println("usage: run.sh [--store-port=N] [--pipeline-port=N] [--db-port=N]"
                        + " [--data-dir=DIR] [--fresh] [--no-feed]");
                System.exit(2);
            }
        }
        Path dataDirectory = options.dataDirectory().toAbsolutePath();
        if (fresh) {
            deleteRecursively(dataDirectory);
        }
        Files.createDirectories(dataDirectory);
        LocalSystem system = start(options.withDataDirectory(dataDirectory));
        CountDownLatch stopped = new CountDownLatch(1);
        // The only shutdown hook that stops anything: the services' own hooks are off (see run) and so is the
        // embedded database's, so the order below is the order things stop in.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println(
                                    "marketflow: stopping pipeline, draining store, stopping PostgreSQL ...");
                            system.close();
                            System.out.println("marketflow: stopped");
                            stopped.countDown();
                        },
                        "marketflow-stop"));
        System.out.printf(
                "%nmarketflow is running (Ctrl-C stops everything):%n"
                        + "  dashboard   http://localhost:%d/%n"
                        + "  store       http://localhost:%d  (POST /ingest, GET /bars, /actuator/prometheus)%n"
                        + "  pipeline    http://localhost:%d  (GET /rates, /actuator/prometheus)%n"
                        + "  postgres    jdbc:postgresql://localhost:%d/market_data (user postgres, password postgres)%n"
                        + "  data        %s (database and journal, kept across runs; ./run.sh --fresh starts empty)%n%n",
                system.pipelinePort(),
                system.storePort(),
                system.pipelinePort(),
                system.database().port(),
                dataDirectory);
        stopped.await();
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
