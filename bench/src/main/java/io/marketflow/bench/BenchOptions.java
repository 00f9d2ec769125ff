package io.marketflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line, {@code --name value} or {@code --flag}; every size has a default that runs in minutes. */
record BenchOptions(
        String pgHost,
        int pgPort,
        String pgUser,
        String pgPassword,
        String pgLabel,
        String database,
        String psql,
        Path storeJar,
        String storeUrl,
        long storePid,
        int storePort,
        List<String> storeJvmOptions,
        Map<String, String> storeEnvironment,
        long rows,
        int symbols,
        long warmupRows,
        int workers,
        int batch,
        int bigBatch,
        int connections,
        int barsPerRequest,
        double rateFraction,
        int rateSeconds,
        boolean scale,
        List<Long> tableSizes,
        List<Integer> workerCounts,
        boolean jfr,
        Set<String> only,
        Path results,
        boolean write) {

    /** The file the store's image and {@code ./run.sh} start it with, so the memory measured is the memory run. */
    static final String STORE_JVM_OPTIONS_FILE = "store-service/jvm.options";

    static final String USAGE = """
            bench/run.sh [options]   (or: java -jar bench/target/bench-0.1.0-SNAPSHOT-exec.jar [options])
              --pg-host H --pg-port P      a running PostgreSQL (port 0: start the embedded one)   [127.0.0.1 0]
              --pg-user U --pg-password W  [postgres postgres]      --pg-label TEXT  how the server was set up
              --database NAME              created if missing; its bars table is emptied   [marketflow_bench]
              --psql PATH                  psql for (a)/(b); "none" uses JDBC COPY   [psql on PATH]
              --store-jar PATH             [store-service/target/store-service-0.1.0-SNAPSHOT-exec.jar]
              --store-port N               [18080]      --store-jvm-opts "..."  options of the store's JVM [as shipped: store-service/jvm.options]
              --store-env "K=V K=V"        extra settings for the store, e.g. MDS_COORDINATOR_FLUSH_INTERVAL=0.05
              --store-url URL              post to a store already running (on --database) instead
              --store-pid N                its process id, for its memory and CPU
              --rows N                     bars every method writes   [1000000]
              --symbols N                  [500]        --warmup-rows N  sent first to each JVM path [200000]
              --workers N                  store workers and (c)/(d) threads   [4]
              --batch N                    store batch size and (c)/(d) batch   [500]
              --big-batch N                a second (d) batch size   [5000]
              --connections N              HTTP connections   [8]
              --bars-per-request N         [1000]
              --rate-fraction F            fixed-rate run at F × the flat-out HTTP rate   [0.2]
              --rate-seconds N             its length   [20]
              --scale                      also table sizes and worker counts (takes longer)
              --table-sizes A,B            rows already in the table for --scale   [1000000,10000000]
              --worker-counts A,B          for --scale   [1,2,4]
              --jfr                        profile the store during the main HTTP run
              --only a,b,c,d,http          run only these methods
              --results DIR                where the report goes   [bench/results]     --no-write  print only
            """;

    static BenchOptions parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg + "\n" + USAGE);
            }
            String name = arg.substring(2);
            if (Set.of("scale", "jfr", "no-write", "help").contains(name)) {
                values.put(name, "true");
            } else if (i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException(arg + " needs a value\n" + USAGE);
            }
        }
        if (values.containsKey("help")) {
            throw new IllegalArgumentException(USAGE);
        }
        Options o = new Options(values);
        BenchOptions options = new BenchOptions(
                o.text("pg-host", "127.0.0.1"),
                o.integer("pg-port", 0),
                o.text("pg-user", "postgres"),
                o.text("pg-password", "postgres"),
                o.text("pg-label", ""),
                o.text("database", "marketflow_bench"),
                psql(o.text("psql", "")),
                Path.of(o.text("store-jar", "store-service/target/store-service-0.1.0-SNAPSHOT-exec.jar")),
                o.text("store-url", ""),
                o.number("store-pid", -1),
                o.integer("store-port", 18080),
                values.containsKey("store-jvm-opts") ? words(o.text("store-jvm-opts", "")) : shippedStoreJvmOptions(),
                environment(words(o.text("store-env", ""))),
                o.number("rows", 1_000_000),
                o.integer("symbols", 500),
                o.number("warmup-rows", 200_000),
                o.integer("workers", 4),
                o.integer("batch", 500),
                o.integer("big-batch", 5000),
                o.integer("connections", 8),
                o.integer("bars-per-request", 1000),
                Double.parseDouble(o.text("rate-fraction", "0.2")),
                o.integer("rate-seconds", 20),
                values.containsKey("scale"),
                Arrays.stream(o.text("table-sizes", "1000000,10000000").split(","))
                        .map(String::trim)
                        .map(Long::parseLong)
                        .toList(),
                Arrays.stream(o.text("worker-counts", "1,2,4").split(","))
                        .map(String::trim)
                        .map(Integer::parseInt)
                        .toList(),
                values.containsKey("jfr"),
                Set.copyOf(words(o.text("only", "a,b,c,d,http").replace(',', ' '))),
                Path.of(o.text("results", "bench/results")),
                !values.containsKey("no-write"));
        o.rejectUnknown();
        return options;
    }

    boolean runs(String method) {
        return only.contains(method);
    }

    private static Map<String, String> environment(List<String> assignments) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--store-env takes NAME=value pairs, got " + assignment);
            }
            environment.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        return environment;
    }

    /**
     * The options in {@value #STORE_JVM_OPTIONS_FILE}, found from the working directory upwards: the file is in the
     * java launcher's argument-file form, and ours holds one option per line with {@code #} comments.
     */
    static List<String> shippedStoreJvmOptions() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve(STORE_JVM_OPTIONS_FILE);
            if (Files.isRegularFile(file)) {
                try {
                    return Files.readAllLines(file).stream()
                            .map(line -> line.replaceFirst("#.*", ""))
                            .flatMap(line -> words(line).stream())
                            .toList();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        throw new IllegalArgumentException("no " + STORE_JVM_OPTIONS_FILE + " above "
                + Path.of("").toAbsolutePath() + ": run from the repository, or pass --store-jvm-opts");
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }

    /** An explicit path, "none" for JDBC COPY, or psql from PATH or Debian's server directories. */
    private static String psql(String given) {
        if (given.equals("none")) {
            return null;
        }
        if (!given.isEmpty()) {
            return given;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "psql"))) {
                return Path.of(dir, "psql").toString();
            }
        }
        return null;
    }

    private static final class Options {
        private final Map<String, String> values;
        private final Map<String, String> unread;

        Options(Map<String, String> values) {
            this.values = values;
            this.unread = new LinkedHashMap<>(values);
            unread.remove("scale");
            unread.remove("jfr");
            unread.remove("no-write");
        }

        String text(String name, String fallback) {
            unread.remove(name);
            return values.getOrDefault(name, fallback);
        }

        int integer(String name, int fallback) {
            return Math.toIntExact(number(name, fallback));
        }

        long number(String name, long fallback) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Long.parseLong(value.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a whole number: " + value);
            }
        }

        void rejectUnknown() {
            if (!unread.isEmpty()) {
                throw new IllegalArgumentException("unknown option(s) " + unread.keySet() + "\n" + USAGE);
            }
        }
    }
}
