package io.marketflow.store.sink;

import static io.marketflow.store.sink.PgType.BPCHAR;
import static io.marketflow.store.sink.PgType.DATE;
import static io.marketflow.store.sink.PgType.FLOAT8;
import static io.marketflow.store.sink.PgType.INT8;
import static io.marketflow.store.sink.PgType.TEXT;
import static io.marketflow.store.sink.PgType.TEXT_ARRAY;
import static io.marketflow.store.sink.PgType.TIMESTAMPTZ;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import java.util.List;

/** The table of each kind of item (migration V1), described once for writing and reading. */
public final class Tables {

    /** Bars, keyed by (symbol, timeframe, ts). */
    public static final Table<Bar> BARS = new Table<>(
            "bars",
            Bar.class,
            List.of(
                    Column.of("symbol", TEXT, Bar::symbol),
                    Column.of("timeframe", TEXT, Bar::timeframe),
                    Column.of("ts", TIMESTAMPTZ, Bar::ts),
                    Column.of("open", FLOAT8, Bar::open),
                    Column.of("high", FLOAT8, Bar::high),
                    Column.of("low", FLOAT8, Bar::low),
                    Column.of("close", FLOAT8, Bar::close),
                    Column.of("volume", FLOAT8, Bar::volume),
                    Column.of("vwap", FLOAT8, Bar::vwap),
                    Column.of("trade_count", INT8, Bar::tradeCount),
                    Column.of("provider", TEXT, Bar::provider)),
            List.of("symbol", "timeframe", "ts"));

    /** Option quotes, keyed by (symbol, expiry, strike, right, ts). */
    public static final Table<OptionSnapshot> OPTION_SNAPSHOTS = new Table<>(
            "option_snapshots",
            OptionSnapshot.class,
            List.of(
                    Column.of("symbol", TEXT, OptionSnapshot::symbol),
                    Column.of("expiry", DATE, OptionSnapshot::expiry),
                    Column.of("strike", FLOAT8, OptionSnapshot::strike),
                    Column.of("option_right", BPCHAR, OptionSnapshot::right),
                    Column.of("ts", TIMESTAMPTZ, OptionSnapshot::ts),
                    Column.of("bid", FLOAT8, OptionSnapshot::bid),
                    Column.of("ask", FLOAT8, OptionSnapshot::ask),
                    Column.of("last", FLOAT8, OptionSnapshot::last),
                    Column.of("iv", FLOAT8, OptionSnapshot::iv),
                    Column.of("delta", FLOAT8, OptionSnapshot::delta),
                    Column.of("gamma", FLOAT8, OptionSnapshot::gamma),
                    Column.of("open_interest", INT8, OptionSnapshot::openInterest),
                    Column.of("volume", INT8, OptionSnapshot::volume)),
            List.of("symbol", "expiry", "strike", "option_right", "ts"));

    /** Company fundamentals, keyed by (symbol, as_of). */
    public static final Table<Fundamentals> FUNDAMENTALS = new Table<>(
            "fundamentals",
            Fundamentals.class,
            List.of(
                    Column.of("symbol", TEXT, Fundamentals::symbol),
                    Column.of("as_of", DATE, Fundamentals::asOf),
                    Column.of("market_cap", FLOAT8, Fundamentals::marketCap),
                    Column.of("pe_ratio", FLOAT8, Fundamentals::peRatio),
                    Column.of("eps", FLOAT8, Fundamentals::eps),
                    Column.of("revenue", FLOAT8, Fundamentals::revenue),
                    Column.of("net_income", FLOAT8, Fundamentals::netIncome),
                    Column.of("shares_outstanding", INT8, Fundamentals::sharesOutstanding)),
            List.of("symbol", "as_of"));

    /** News items, keyed by the provider's id. */
    public static final Table<NewsItem> NEWS = new Table<>(
            "news",
            NewsItem.class,
            List.of(
                    Column.of("id", TEXT, NewsItem::id),
                    Column.of("ts", TIMESTAMPTZ, NewsItem::ts),
                    Column.of("symbols", TEXT_ARRAY, NewsItem::symbols),
                    Column.of("headline", TEXT, NewsItem::headline),
                    Column.of("source", TEXT, NewsItem::source),
                    Column.of("url", TEXT, NewsItem::url),
                    Column.of("summary", TEXT, NewsItem::summary),
                    Column.of("sentiment", FLOAT8, NewsItem::sentiment)),
            List.of("id"));

    private Tables() {}
}
