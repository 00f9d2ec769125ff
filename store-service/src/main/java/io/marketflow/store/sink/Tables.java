package io.marketflow.store.sink;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import java.util.List;
import java.util.Map;

/**
 * The table of each kind of item (migration V1), described once for writing and reading: its columns are the
 * item record's components ({@link RecordColumns}), named in snake_case.
 */
public final class Tables {

    /** Bars, keyed by (symbol, timeframe, ts). */
    public static final Table<Bar> BARS =
            new Table<>("bars", Bar.class, RecordColumns.of(Bar.class, Map.of()), List.of("symbol", "timeframe", "ts"));

    /** Option quotes, keyed by (symbol, expiry, strike, right, ts); {@code right} is a reserved word in SQL. */
    public static final Table<OptionSnapshot> OPTION_SNAPSHOTS = new Table<>(
            "option_snapshots",
            OptionSnapshot.class,
            RecordColumns.of(
                    OptionSnapshot.class, Map.of("right", new RecordColumns.Stored("option_right", PgType.BPCHAR))),
            List.of("symbol", "expiry", "strike", "option_right", "ts"));

    /** Company fundamentals, keyed by (symbol, as_of). */
    public static final Table<Fundamentals> FUNDAMENTALS = new Table<>(
            "fundamentals",
            Fundamentals.class,
            RecordColumns.of(Fundamentals.class, Map.of()),
            List.of("symbol", "as_of"));

    /** News items, keyed by the provider's id. */
    public static final Table<NewsItem> NEWS =
            new Table<>("news", NewsItem.class, RecordColumns.of(NewsItem.class, Map.of()), List.of("id"));

    private Tables() {}
}
