package io.marketflow.store.reliability;

import io.marketflow.store.StoreApplication;
import io.marketflow.testkit.StoreProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The store in a JVM of its own for this package's tests: the test class path, a small heap, a quick start. */
final class StoreJvm {

    private StoreJvm() {}

    /** Starts the store with {@code settings} on its command line and waits until it is ready. */
    static StoreProcess start(Map<String, String> settings, Path log) throws IOException {
        return StoreProcess.ofMainClass(StoreApplication.class.getName())
                .jvmOptions(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"))
                .arguments(settings)
                .log(log)
                .start();
    }

    /**
     * Starts the store in a JVM with the options it ships with ({@code store-service/jvm.options}: its heap cap
     * among them), to test what that heap can hold.
     */
    static StoreProcess startAsShipped(Map<String, String> settings, Path log) throws IOException {
        Path options = Path.of("jvm.options").toAbsolutePath();
        if (!Files.isRegularFile(options)) {
            throw new IllegalStateException("no " + options + ": tests run in the store-service module");
        }
        return StoreProcess.ofMainClass(StoreApplication.class.getName())
                .jvmOptions(List.of("@" + options))
                .arguments(settings)
                .log(log)
                .start();
    }
}
