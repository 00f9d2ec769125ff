package io.marketflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.Bar;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class BarRowsTests {

    private static final Instant START = Instant.parse("2025-01-06T00:00:00Z");

    private final BarRows rows = new BarRows(7, 100, START);
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void jsonArrayAndNdjsonCarryTheSameBarsAsTheObjects() {
        List<Bar> array = Arrays.asList(json.readValue(rows.body(10, 40, false), Bar[].class));
        List<Bar> lines = new String(rows.body(10, 40, true), StandardCharsets.UTF_8)
                .lines()
                .map(line -> json.readValue(line, Bar.class))
                .toList();

        assertThat(array).isEqualTo(rows.bars(10, 40));
        assertThat(lines).isEqualTo(rows.bars(10, 40));
    }

    @Test
    void everyBarIsValidByTheContract() {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

        assertThat(rows.bars(0, 100))
                .allSatisfy(bar -> assertThat(validator.validate(bar)).isEmpty());
    }

    @Test
    void rowsAreUniqueKeysInTimeOrder() {
        List<Bar> bars = rows.bars(0, 100);

        assertThat(bars.stream().map(b -> b.symbol() + b.ts()).collect(Collectors.toSet()))
                .hasSize(100);
        assertThat(bars).extracting(Bar::ts).isSorted();
        assertThat(bars.get(0).ts()).isEqualTo(START);
        assertThat(bars.get(7).ts()).isEqualTo(START.plusSeconds(60));
        assertThat(bars.get(99).symbol()).isEqualTo(BarRows.symbolName(99 % 7));
    }

    @Test
    void csvHoldsTheSameValuesAsTheObjects(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bars.csv");
        rows.writeCsv(csv);

        List<String> lines = Files.readAllLines(csv);
        Bar bar = rows.bar(42);
        assertThat(lines).hasSize(100);
        assertThat(lines.get(42).split(","))
                .containsExactly(
                        bar.symbol(),
                        "1m",
                        bar.ts().toString(),
                        cents(bar.open()),
                        cents(bar.high()),
                        cents(bar.low()),
                        cents(bar.close()),
                        Long.toString(bar.volume().longValue()));
    }

    private static String cents(double price) {
        return String.format("%.2f", price);
    }
}
