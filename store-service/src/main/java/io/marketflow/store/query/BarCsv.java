package io.marketflow.store.query;

import io.marketflow.contracts.Bar;
import java.math.BigDecimal;

/**
 * Bars as CSV lines (RFC 4180, CRLF-terminated) with the wire names as the header, which {@code POST /ingest}
 * with {@code text/csv} reads back. Numbers are written in plain decimal notation, never as {@code 1.0E7}.
 */
final class BarCsv {

    static final String HEADER = "symbol,timeframe,ts,open,high,low,close,volume,vwap,trade_count,provider\r\n";

    private BarCsv() {}

    static String line(Bar bar) {
        StringBuilder line = new StringBuilder(96);
        line.append(bar.symbol())
                .append(',')
                .append(bar.timeframe())
                .append(',')
                .append(bar.ts());
        number(line, bar.open());
        number(line, bar.high());
        number(line, bar.low());
        number(line, bar.close());
        number(line, bar.volume());
        number(line, bar.vwap());
        line.append(',');
        if (bar.tradeCount() != null) {
            line.append(bar.tradeCount());
        }
        line.append(',');
        if (bar.provider() != null) {
            text(line, bar.provider());
        }
        return line.append("\r\n").toString();
    }

    private static void number(StringBuilder line, Double value) {
        line.append(',');
        if (value != null) {
            line.append(BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
        }
    }

    // Symbols and timeframes are validated to need no quoting; a provider name is free text.
    private static void text(StringBuilder line, String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            line.append(value);
            return;
        }
        line.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
