-- The four data kinds of the contract, keyed as the contract says. Re-sending an item with the same key
-- overwrites it (the sinks upsert), so retries and dead-letter replays are idempotent.

CREATE TABLE bars (
    symbol      text             NOT NULL,
    timeframe   text             NOT NULL,
    ts          timestamptz      NOT NULL,
    open        double precision NOT NULL,
    high        double precision NOT NULL,
    low         double precision NOT NULL,
    close       double precision NOT NULL,
    volume      double precision NOT NULL,
    vwap        double precision,
    trade_count bigint,
    provider    text,
    PRIMARY KEY (symbol, timeframe, ts)
);
-- GET /bars reads (symbol, timeframe, ts range) in ts order: the primary key's index serves it.

CREATE TABLE option_snapshots (
    symbol        text             NOT NULL,
    expiry        date             NOT NULL,
    strike        double precision NOT NULL,
    option_right  char(1)          NOT NULL CHECK (option_right IN ('C', 'P')),
    ts            timestamptz      NOT NULL,
    bid           double precision,
    ask           double precision,
    last          double precision,
    iv            double precision,
    delta         double precision,
    gamma         double precision,
    open_interest bigint,
    volume        bigint,
    PRIMARY KEY (symbol, expiry, strike, option_right, ts)
);
-- Chains are read per underlying over a time range.
CREATE INDEX option_snapshots_symbol_ts ON option_snapshots (symbol, ts DESC);

CREATE TABLE fundamentals (
    symbol             text             NOT NULL,
    as_of              date             NOT NULL,
    market_cap         double precision,
    pe_ratio           double precision,
    eps                double precision,
    revenue            double precision,
    net_income         double precision,
    shares_outstanding bigint,
    PRIMARY KEY (symbol, as_of)
);

CREATE TABLE news (
    id        text        NOT NULL PRIMARY KEY,
    ts        timestamptz NOT NULL,
    symbols   text[]      NOT NULL,
    headline  text        NOT NULL,
    source    text,
    url       text,
    summary   text,
    sentiment double precision CHECK (sentiment BETWEEN -1 AND 1)
);
-- News is read by symbol (array containment) and by recency.
CREATE INDEX news_symbols ON news USING gin (symbols);
CREATE INDEX news_ts ON news (ts DESC);
