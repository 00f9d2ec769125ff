package io.marketflow.contracts.deadletter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.node.ObjectNode;

/**
 * The dead-letter record file both services write ({@code <epochMillis>-<seq>-<kind>-<items>.ndjson}, one JSON
 * line): the store for items the database refused, the pipeline for bars the store refused, so one replay tool
 * reads both. Callers fsync the directory ({@link #syncDirectory}) after {@link #write} and after deleting records.
 */
public final class DeadLetterFile {

    /** Suffix of a record still being written; a crash can leave one behind, never a renamed half record. */
    public static final String TEMP_SUFFIX = ".tmp";

    private static final Pattern KIND = Pattern.compile("[a-z0-9_]{1,32}");
    private static final Pattern NAME = Pattern.compile("(\\d+)-(\\d+)-([a-z0-9_]+)-(\\d+)\\.ndjson");

    /** A record file as listed, before it is read: its path and what its {@linkplain #name name} says. */
    public record Listed(Path path, long sequence, String kind, int items) {}

    /**
     * What a record says besides its items, written in this order: {@code time}, {@code kind},
     * {@code coordinator_id} (the store's writer; {@code null} in the pipeline's records), {@code provider} (the
     * pipeline's source of the items; left out when {@code null}), {@code error} and {@code attempts}.
     */
    public record Header(
            Instant time, String kind, String coordinatorId, String provider, String error, int attempts) {}

    /** A record as read back. */
    public record Contents<T>(Header header, List<T> items) {}

    private DeadLetterFile() {}

    /**
     * Checks that {@code kind} is a kind of record ({@code bars}, {@code options}, ...): 1 to 32 lower-case
     * letters, digits and {@code _}, so that it reads back unambiguously from a {@linkplain #name name}.
     *
     * @return {@code kind}
     * @throws IllegalArgumentException naming the rule, when it is not
     */
    public static String requireKind(String kind) {
        Objects.requireNonNull(kind, "kind");
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("dead-letter kind must match " + KIND.pattern() + ", got " + kind);
        }
        return kind;
    }

    public static String name(Instant time, long seq, String kind, int items) {
        return String.format(Locale.ROOT, "%d-%09d-%s-%d.ndjson", time.toEpochMilli(), seq, kind, items);
    }

    /**
     * The records in {@code directory} of {@code kind} ({@code null}: of every kind), oldest first, from their
     * names alone; files not named like a record are passed over.
     *
     * @throws java.nio.file.NoSuchFileException when {@code directory} does not exist
     */
    public static List<Listed> list(Path directory, String kind) throws IOException {
        List<Listed> records = new ArrayList<>();
        try (Stream<Path> paths = Files.list(directory)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Matcher name = NAME.matcher(path.getFileName().toString());
                if (name.matches() && (kind == null || kind.equals(name.group(3)))) {
                    records.add(new Listed(
                            path, Long.parseLong(name.group(2)), name.group(3), Integer.parseInt(name.group(4))));
                }
            }
        }
        records.sort(Comparator.comparingLong(Listed::sequence));
        return records;
    }

    /**
     * Writes {@code json} and a newline to a temporary file, fsyncs it and renames it to {@code name}, so that a
     * record is either whole in place or absent.
     */
    public static void write(Path directory, String name, byte[] json) throws IOException {
        ByteBuffer line =
                ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        Path temp = directory.resolve(name + TEMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (line.hasRemaining()) {
                channel.write(line);
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Writes a record of {@code items} as one JSON line, durably (see {@link #write(Path, String, byte[])}), and
     * returns its name.
     */
    public static String write(ObjectMapper mapper, Path directory, long seq, Header header, List<?> items)
            throws IOException {
        ObjectNode record = mapper.createObjectNode();
        record.put("time", header.time().toString());
        record.put("kind", header.kind());
        record.put("coordinator_id", header.coordinatorId());
        if (header.provider() != null) {
            record.put("provider", header.provider());
        }
        record.put("error", header.error());
        record.put("attempts", header.attempts());
        record.set("items", mapper.valueToTree(items));
        // One line per record whatever the mapper's formatting settings are.
        byte[] json =
                mapper.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(record);
        String name = name(header.time(), seq, header.kind(), items.size());
        write(directory, name, json);
        return name;
    }

    /** Reads the record at {@code path}, whose name says it holds {@code items} items of {@code type}. */
    public static <T> Contents<T> read(ObjectMapper mapper, Path path, Class<T> type, int items) throws IOException {
        JsonNode record = mapper.readTree(Files.readAllBytes(path));
        List<T> values = new ArrayList<>(items);
        for (JsonNode item : record.required("items")) {
            values.add(mapper.treeToValue(item, type));
        }
        Header header = new Header(
                Instant.parse(record.required("time").asString()),
                record.required("kind").asString(),
                text(record, "coordinator_id"),
                text(record, "provider"),
                text(record, "error"),
                record.path("attempts").asInt(0));
        return new Contents<>(header, List.copyOf(values));
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /**
     * Fsyncs {@code directory}, which makes a rename or delete in it durable. Not every platform can open a
     * directory; there it is best effort and this answers false.
     */
    public static boolean syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes the records a crash left half written (see {@link #TEMP_SUFFIX}) and returns their paths. */
    public static List<Path> deleteUnfinished(Path directory) throws IOException {
        List<Path> deleted = new ArrayList<>();
        try (Stream<Path> paths = Files.list(directory)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (path.getFileName().toString().endsWith(".ndjson" + TEMP_SUFFIX)) {
                    Files.deleteIfExists(path);
                    deleted.add(path);
                }
            }
        }
        return deleted;
    }
}
