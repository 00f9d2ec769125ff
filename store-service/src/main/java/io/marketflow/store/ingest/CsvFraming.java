package io.marketflow.store.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Frames CSV (RFC 4180: comma-separated, fields optionally in double quotes with {@code ""} for a quote, CRLF or
 * LF line ends): the first record is the header naming the fields, in any order; each later record is one item,
 * turned into a JSON object as soon as its line end arrives and handed over like an NDJSON line, so that binding,
 * validation and errors are those of JSON. An empty cell is an absent field. A record of the wrong width or a
 * quote left open ends the body as malformed. Not thread-safe.
 */
final class CsvFraming implements Framing {

    /** As for an NDJSON line: a bound on what one item may buffer. */
    static final int MAX_RECORD_BYTES = NdjsonFraming.MAX_LINE_BYTES;

    private static final Pattern JSON_NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final JsonMapper mapper;
    private final CsvColumns columns;
    private final Consumer<JsonParser> onItem;

    private List<String> header;
    private final List<String> fields = new ArrayList<>();
    private byte[] field = new byte[256];
    private int fieldLength;
    private int recordBytes;
    private boolean quoted;
    private boolean inQuotes;
    private boolean quoteInQuotes;
    private boolean pendingCarriageReturn;
    private long line = 1;
    private long recordLine = 1;

    CsvFraming(JsonMapper mapper, CsvColumns columns, Consumer<JsonParser> onItem) {
        this.mapper = mapper;
        this.columns = columns;
        this.onItem = onItem;
    }

    @Override
    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (++recordBytes > MAX_RECORD_BYTES) {
                throw new StreamConstraintsException("a CSV record is longer than " + MAX_RECORD_BYTES + " bytes");
            }
            if (quoteInQuotes) {
                quoteInQuotes = false;
                if (b == '"') {
                    append(b);
                    continue;
                }
                inQuotes = false;
            }
            if (pendingCarriageReturn && !inQuotes) {
                pendingCarriageReturn = false;
                if (b != '\n') {
                    append((byte) '\r');
                }
            }
            if (inQuotes) {
                if (b == '"') {
                    quoteInQuotes = true;
                } else {
                    if (b == '\n') {
                        line++;
                    }
                    append(b);
                }
                continue;
            }
            switch (b) {
                case ',' -> endField();
                // Held back until the next byte: the CR of a CRLF line end belongs to no field.
                case '\r' -> pendingCarriageReturn = true;
                case '\n' -> {
                    endRecord();
                    line++;
                }
                case '"' -> {
                    if (fieldLength > 0 || quoted) {
                        throw malformed("a quote inside an unquoted field (quote the whole field and double the"
                                + " quote: \"a \"\"b\"\"\")");
                    }
                    quoted = true;
                    inQuotes = true;
                }
                default -> append(b);
            }
        }
    }

    @Override
    public void endOfInput() {
        if (inQuotes && !quoteInQuotes) {
            throw malformed("a quoted field is not closed");
        }
        quoteInQuotes = false;
        inQuotes = false;
        pendingCarriageReturn = false;
        if (fieldLength > 0 || quoted || !fields.isEmpty()) {
            endRecord();
        }
    }

    @Override
    public boolean insideItems() {
        return header != null;
    }

    private void append(byte b) {
        if (fieldLength == field.length) {
            field = Arrays.copyOf(field, field.length * 2);
        }
        field[fieldLength++] = b;
    }

    private void endField() {
        int length = fieldLength;
        int start = 0;
        if (header == null && fields.isEmpty() && startsWithBom(length)) {
            start = BOM.length;
        }
        fields.add(new String(field, start, length - start, StandardCharsets.UTF_8));
        fieldLength = 0;
        quoted = false;
    }

    private void endRecord() {
        endField();
        List<String> record = List.copyOf(fields);
        fields.clear();
        recordBytes = 0;
        long startLine = recordLine;
        recordLine = line + 1;
        if (record.size() == 1 && record.get(0).isBlank()) {
            return;
        }
        if (header == null) {
            header(record);
            return;
        }
        if (record.size() != header.size()) {
            throw malformed(
                    "line " + startLine + " has " + record.size() + " fields, the header names " + header.size());
        }
        onItem.accept(mapper.createParser(json(record)));
    }

    private void header(List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                throw malformed("the header row has an empty column name");
            }
            if (!seen.add(trimmed)) {
                throw malformed("the header row names " + trimmed + " twice");
            }
        }
        header = names.stream().map(String::trim).toList();
    }

    private byte[] json(List<String> record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(recordBytes + 64);
        try (JsonGenerator generator = mapper.createGenerator(out)) {
            generator.writeStartObject();
            for (int i = 0; i < header.size(); i++) {
                String value = record.get(i);
                if (value.isEmpty()) {
                    continue;
                }
                String name = header.get(i);
                generator.writeName(name);
                switch (columns.kind(name)) {
                    case NUMBER -> {
                        String number = value.trim();
                        if (JSON_NUMBER.matcher(number).matches()) {
                            generator.writeNumber(number);
                        } else {
                            generator.writeString(value);
                        }
                    }
                    case LIST -> {
                        generator.writeStartArray();
                        for (String element : value.split(";", -1)) {
                            generator.writeString(element.trim());
                        }
                        generator.writeEndArray();
                    }
                    case TEXT -> generator.writeString(value);
                }
            }
            generator.writeEndObject();
        }
        return out.toByteArray();
    }

    private boolean startsWithBom(int length) {
        return length >= BOM.length && field[0] == BOM[0] && field[1] == BOM[1] && field[2] == BOM[2];
    }

    private JacksonException malformed(String message) {
        return new CsvException(message.startsWith("line ") ? message : "line " + line + ": " + message);
    }

    /** A body that cannot be split into CSV records; reported like malformed JSON. */
    static final class CsvException extends StreamConstraintsException {

        CsvException(String message) {
            super(message);
        }
    }
}
