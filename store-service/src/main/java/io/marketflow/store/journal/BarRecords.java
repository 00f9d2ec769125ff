package io.marketflow.store.journal;

import io.marketflow.contracts.Bar;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a journal record of bars by hand: the JSON Jackson writes for {@code {"kind":…,"items":[…]}} (same
 * fields, order and number format, {@code BarRecordsTests}), without the serializer's per-property machinery, which
 * cost the admission thread about a microsecond per bar. Returns {@code null} for a batch holding a string that
 * would need escaping, so that Jackson writes that record.
 */
final class BarRecords {

    private BarRecords() {}

    static byte[] encode(String kind, List<?> items) {
        if (!plain(kind)) {
            return null;
        }
        StringBuilder out = new StringBuilder(32 + items.size() * 160);
        out.append("{\"kind\":\"").append(kind).append("\",\"items\":[");
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Bar bar) || !plain(bar.symbol()) || !plain(bar.timeframe())) {
                return null;
            }
            if ((bar.provider() != null && !plain(bar.provider())) || !finite(bar)) {
                return null;
            }
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"symbol\":\"").append(bar.symbol());
            out.append("\",\"timeframe\":\"").append(bar.timeframe()).append('"');
            if (bar.ts() != null) {
                JsonText.appendInstant(out.append(",\"ts\":\""), bar.ts()).append('"');
            }
            number(out, "open", bar.open());
            number(out, "high", bar.high());
            number(out, "low", bar.low());
            number(out, "close", bar.close());
            number(out, "volume", bar.volume());
            number(out, "vwap", bar.vwap());
            if (bar.tradeCount() != null) {
                out.append(",\"trade_count\":").append(bar.tradeCount().longValue());
            }
            if (bar.provider() != null) {
                out.append(",\"provider\":\"").append(bar.provider()).append('"');
            }
            out.append('}');
        }
        return out.append("]}").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void number(StringBuilder out, String name, Double value) {
        if (value != null) {
            JsonText.appendDouble(out.append(",\"").append(name).append("\":"), value);
        }
    }

    /** Jackson writes NaN and the infinities as strings; a queued bar never holds one, so leave them to it. */
    private static boolean finite(Bar bar) {
        for (Double value : new Double[] {bar.open(), bar.high(), bar.low(), bar.close(), bar.volume(), bar.vwap()}) {
            if (value != null && !Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    /** Printable ASCII without a quote or a backslash: written as it is. Null: Jackson's to write. */
    private static boolean plain(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
