package io.marketflow.store.ingest;

import io.marketflow.contracts.Bar;
import io.marketflow.store.web.FieldError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one ingest request body as it arrives: counts its bytes, frames it into items (a JSON array or NDJSON),
 * binds and validates each item as soon as it is complete, and stops at the first size limit crossed. Only valid
 * items are kept, and none once any item is invalid, so memory stays bounded by the items that will be queued.
 *
 * <p>Use one reader per request: {@link #feed} each chunk in order, then {@link #finish}. Both throw a
 * {@link IngestRejection}: 413 as soon as a limit is crossed, 400 for a body that is not JSON or for
 * invalid items (all of them listed, up to {@link IngestRejection#MAX_REPORTED_ERRORS}). Not thread-safe: the
 * caller feeds from one thread at a time, as a {@code Flux}'s signals are delivered.
 */
final class IngestBodyReader<T> {

    enum Format {
        JSON_ARRAY,
        NDJSON,
        /** A header row naming the fields, then one item per record: see {@link CsvFraming}. */
        CSV
    }

    private final ItemBinder<T> binder;
    private final IngestLimits limits;
    private final Format format;
    private final Framing framing;
    private final List<FieldError> errors = new ArrayList<>();
    // Bars in the common shape are read straight from the bytes; the chunks are kept so that, the moment the
    // body strays from that shape, Jackson reads it all again and words every error as before.
    private BarBytesReader fastBars;
    private List<byte[]> chunks = new ArrayList<>();
    private List<T> items = new ArrayList<>();
    private long bytes;
    private int count;
    private int invalidItems;
    private int errorCount;
    private boolean sawContent;

    IngestBodyReader(JsonMapper mapper, ItemBinder<T> binder, Format format, IngestLimits limits) {
        this(mapper, binder, format, limits, true);
    }

    /** {@code barsFromBytes} false: every item through Jackson (tests compare the two ways). */
    IngestBodyReader(
            JsonMapper mapper, ItemBinder<T> binder, Format format, IngestLimits limits, boolean barsFromBytes) {
        this.binder = binder;
        this.limits = limits;
        this.format = format;
        this.framing = switch (format) {
            case NDJSON -> new NdjsonFraming(mapper, this::item);
            case CSV -> new CsvFraming(mapper, CsvColumns.of(binder.type()), this::item);
            case JSON_ARRAY -> new JsonArrayFraming(mapper, this::item);
        };
        this.fastBars = barsFromBytes ? fastBars(binder, format, limits) : null;
    }

    @SuppressWarnings("unchecked")
    private static BarBytesReader fastBars(ItemBinder<?> binder, Format format, IngestLimits limits) {
        if (binder.type() != Bar.class || format == Format.CSV) {
            return null;
        }
        ItemBinder<Bar> bars = (ItemBinder<Bar>) binder;
        return new BarBytesReader(format == Format.NDJSON, bars::passesQuickly, limits.itemLimit());
    }

    void feed(byte[] chunk, int offset, int length) {
        bytes += length;
        if (bytes > limits.maxBytes()) {
            if (fastBars != null) {
                readAgainThroughJackson(); // a syntax error Jackson saw in an earlier chunk comes first
            }
            throw IngestRejection.tooLarge(limits.tooManyBytes());
        }
        if (!sawContent) {
            sawContent = containsNonWhitespace(chunk, offset, length);
        }
        if (fastBars != null) {
            chunks.add(Arrays.copyOfRange(chunk, offset, offset + length));
            if (!fastBars.feed(chunk, offset, length)) {
                readAgainThroughJackson();
            }
            return;
        }
        frame(chunk, offset, length);
    }

    private void frame(byte[] chunk, int offset, int length) {
        try {
            framing.feed(chunk, offset, length);
        } catch (JacksonException e) {
            throw malformed(e);
        }
    }

    private void readAgainThroughJackson() {
        fastBars = null;
        List<byte[]> seen = chunks;
        chunks = null;
        for (byte[] chunk : seen) {
            frame(chunk, 0, chunk.length);
        }
    }

    void feed(byte[] chunk) {
        feed(chunk, 0, chunk.length);
    }

    /** The body is complete: returns every item, in request order, or throws if any was invalid. */
    List<T> finish() {
        if (!sawContent) {
            // "No items" is spelled [] in JSON and a header row alone in CSV (NDJSON has no spelling for it); an
            // empty or blank body is far more often a client bug (a stream closed before it was written).
            String expected = switch (format) {
                case JSON_ARRAY -> "a JSON array of items";
                case NDJSON -> "one JSON object per line (NDJSON)";
                case CSV -> "a header row naming the fields, then one item per row (CSV)";
            };
            throw IngestRejection.malformedBody(
                    "the request body is empty: expected " + expected,
                    List.of(new FieldError(null, null, "the body is empty; expected " + expected)),
                    1);
        }
        if (fastBars != null) {
            @SuppressWarnings("unchecked")
            List<T> bars = (List<T>) fastBars.finish();
            if (bars != null) {
                chunks = null; // the items may wait for room in the queue: not with the raw body beside them
                return bars;
            }
            readAgainThroughJackson();
        }
        try {
            framing.endOfInput();
        } catch (JacksonException e) {
            throw malformed(e);
        }
        if (invalidItems > 0) {
            throw IngestRejection.invalidItems(errors, errorCount, invalidItems, count);
        }
        return items;
    }

    private void item(JsonParser parser) {
        int index = count++;
        if (count > limits.itemLimit()) {
            throw IngestRejection.tooLarge(limits.tooManyItems());
        }
        ItemBinder.Bound<T> bound = binder.bind(index, parser);
        if (bound.item() != null) {
            if (invalidItems == 0) {
                items.add(bound.item());
            }
            return;
        }
        // The request will be refused: keep counting errors, but stop holding items.
        invalidItems++;
        items = List.of();
        errorCount += bound.errors().size();
        for (FieldError error : bound.errors()) {
            if (errors.size() < IngestRejection.MAX_REPORTED_ERRORS) {
                errors.add(error);
            }
        }
    }

    private IngestRejection malformed(JacksonException e) {
        List<FieldError> all = new ArrayList<>(errors);
        String where = where(e.getLocation());
        String message = JsonErrorMessages.of(e);
        all.add(new FieldError(framing.insideItems() ? count : null, null, message + where));
        return IngestRejection.malformedBody(
                "the request body is not valid " + (framing instanceof CsvFraming ? "CSV" : "JSON") + where + ": "
                        + message,
                all,
                errorCount + 1);
    }

    private static String where(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static boolean containsNonWhitespace(byte[] chunk, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = chunk[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return true;
            }
        }
        return false;
    }
}
