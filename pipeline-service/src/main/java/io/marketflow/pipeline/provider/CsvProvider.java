package io.marketflow.pipeline.provider;

import io.marketflow.contracts.Bar;
import jakarta.validation.Validator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Replays a CSV file of bars: {@code symbol,timeframe,ts,open,high,low,close,volume}, an optional header line,
 * {@code ts} in ISO-8601 with an offset. The file is read lazily, line by line as bars are requested. An empty
 * timeframe cell takes the configured timeframe; when symbols are configured, other symbols are skipped. Rows
 * that do not parse or break the Bar rules are skipped with a warning rather than stopping the replay.
 */
public final class CsvProvider implements BarProvider {

    private static final Logger log = LoggerFactory.getLogger(CsvProvider.class);
    private static final int WARNINGS_IN_FULL = 10;

    private final String name;
    private final Path file;
    private final String timeframe;
    private final Set<String> symbols;
    private final Validator validator;

    /**
     * @param timeframe used for rows whose timeframe cell is empty
     * @param symbols only these symbols are replayed; empty for all
     */
    public CsvProvider(String name, Path file, String timeframe, Set<String> symbols, Validator validator) {
        this.name = Objects.requireNonNull(name, "name");
        this.file = Objects.requireNonNull(file, "file");
        this.timeframe = timeframe;
        this.symbols = Set.copyOf(symbols);
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Flux<Bar> bars() {
        return Flux.defer(() -> {
                    AtomicLong lineNumber = new AtomicLong();
                    AtomicLong skipped = new AtomicLong();
                    return Flux.using(this::open, reader -> Flux.fromStream(reader.lines()), this::close)
                            .concatMapIterable(line -> parse(line, lineNumber.incrementAndGet(), skipped).stream()
                                    .toList())
                            .doOnComplete(() -> log.info(
                                    "csv provider {}: replayed {} ({} lines, {} skipped)",
                                    name,
                                    file,
                                    lineNumber.get(),
                                    skipped.get()));
                })
                // File reads block and happen on request: keep both off the event loops.
                .subscribeOn(Schedulers.boundedElastic());
    }

    private BufferedReader open() throws IOException {
        return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    private void close(BufferedReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Bar> parse(String line, long lineNumber, AtomicLong skipped) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#") || isHeader(trimmed, lineNumber)) {
            return Optional.empty();
        }
        String[] cells = trimmed.split(",", -1);
        try {
            if (cells.length != 8) {
                throw new IllegalArgumentException("expected 8 columns, found " + cells.length);
            }
            String symbol = cells[0].strip();
            if (!symbols.isEmpty() && !symbols.contains(symbol)) {
                return Optional.empty();
            }
            String rowTimeframe = cells[1].isBlank() ? timeframe : cells[1].strip();
            Bar bar = new Bar(
                    symbol,
                    rowTimeframe,
                    OffsetDateTime.parse(cells[2].strip()).toInstant(),
                    Double.parseDouble(cells[3]),
                    Double.parseDouble(cells[4]),
                    Double.parseDouble(cells[5]),
                    Double.parseDouble(cells[6]),
                    Double.parseDouble(cells[7]),
                    null,
                    null,
                    name);
            var violations = validator.validate(bar);
            if (!violations.isEmpty()) {
                throw new IllegalArgumentException(violations.iterator().next().getMessage());
            }
            return Optional.of(bar);
        } catch (RuntimeException e) {
            long count = skipped.incrementAndGet();
            if (count <= WARNINGS_IN_FULL || count % 1000 == 0) {
                log.warn(
                        "csv provider {}: skipping {} line {} ({} skipped so far): {}",
                        name,
                        file,
                        lineNumber,
                        count,
                        e.getMessage());
            }
            return Optional.empty();
        }
    }

    private static boolean isHeader(String line, long lineNumber) {
        return lineNumber == 1 && line.toLowerCase(Locale.ROOT).startsWith("symbol");
    }
}
