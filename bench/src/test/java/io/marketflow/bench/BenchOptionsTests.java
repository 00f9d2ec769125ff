package io.marketflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTests {

    /** The store is measured as it ships: the options of the file its image starts it with, comments left out. */
    @Test
    void theStoreRunsWithTheOptionsItShipsWithUnlessTold() throws Exception {
        List<String> shipped = Files.readAllLines(Path.of("../store-service/jvm.options")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();

        assertThat(shipped).isNotEmpty().allSatisfy(option -> assertThat(option).startsWith("-"));
        assertThat(BenchOptions.parse().storeJvmOptions()).isEqualTo(shipped);
        assertThat(BenchOptions.parse("--store-jvm-opts", "-Xmx1g  -XX:+UseG1GC")
                        .storeJvmOptions())
                .containsExactly("-Xmx1g", "-XX:+UseG1GC");
    }
}
