package io.marketflow.testkit;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A store a test or the benchmark talks to over HTTP, wherever it runs: a process of its own ({@link StoreProcess}),
 * a Spring context in the caller's JVM, or one somebody else started.
 */
public interface RunningStore extends AutoCloseable {

    /** Where it listens, as {@code http://host:port}. */
    String url();

    /** The process it runs in, whose memory and CPU a benchmark reads from {@code /proc}. */
    long pid();

    default URI ingest() {
        return URI.create(url() + "/ingest");
    }

    /** Stops the store. */
    @Override
    void close();

    /** The store's command line for {@code settings}: {@code --name=value} each, as {@code main} reads them. */
    static List<String> arguments(Map<String, String> settings) {
        List<String> arguments = new ArrayList<>(settings.size());
        settings.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return arguments;
    }

    /** Starts a store with these settings ({@code MDS_*}, {@code POSTGRES_*}) and waits until it is ready. */
    @FunctionalInterface
    interface Launcher {
        RunningStore start(Map<String, String> settings) throws Exception;
    }
}
