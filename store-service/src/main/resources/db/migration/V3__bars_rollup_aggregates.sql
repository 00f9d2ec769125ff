-- TimescaleDB only (a no-op on plain PostgreSQL): the 5m, 1h and 1d continuous aggregates of V2 are rebuilt so
-- that GET /bars can read them with the same results as its plain-SQL rollup: they keep the parts vwap,
-- trade_count and provider are computed from, and real-time aggregation is on, so bars newer than the last
-- refresh count. A failure here leaves the store on the plain-SQL rollup instead of stopping the migration:
-- the aggregates are an optimisation, not the data.
DO $$
DECLARE
    -- The parts of R2dbcBarLookup's rollup: first/last by ts, extremes, sums and the counts that say whether
    -- every 1m bar had a vwap, a trade_count and the same provider.
    parts CONSTANT text := 'first(open, ts) AS open, max(high) AS high, min(low) AS low, last(close, ts) AS close, '
        || 'sum(volume) AS volume, sum(vwap * volume) AS vwap_volume, count(vwap) AS with_vwap, count(*) AS bars, '
        || 'sum(trade_count) AS trades, count(trade_count) AS with_trades, count(provider) AS with_provider, '
        || 'min(provider) AS min_provider, max(provider) AS max_provider';
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        RETURN;
    END IF;
    BEGIN
        DROP MATERIALIZED VIEW IF EXISTS bars_5m CASCADE;
        DROP MATERIALIZED VIEW IF EXISTS bars_1h CASCADE;
        DROP MATERIALIZED VIEW IF EXISTS bars_1d CASCADE;

        EXECUTE format($cagg$
            CREATE MATERIALIZED VIEW bars_5m WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
            SELECT symbol, time_bucket(INTERVAL '5 minutes', ts) AS ts, %s
            FROM bars WHERE timeframe = '1m'
            GROUP BY symbol, time_bucket(INTERVAL '5 minutes', ts)
            WITH NO DATA
        $cagg$, parts);
        EXECUTE format($cagg$
            CREATE MATERIALIZED VIEW bars_1h WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
            SELECT symbol, time_bucket(INTERVAL '1 hour', ts) AS ts, %s
            FROM bars WHERE timeframe = '1m'
            GROUP BY symbol, time_bucket(INTERVAL '1 hour', ts)
            WITH NO DATA
        $cagg$, parts);
        EXECUTE format($cagg$
            CREATE MATERIALIZED VIEW bars_1d WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
            SELECT symbol, time_bucket(INTERVAL '1 day', ts) AS ts, %s
            FROM bars WHERE timeframe = '1m'
            GROUP BY symbol, time_bucket(INTERVAL '1 day', ts)
            WITH NO DATA
        $cagg$, parts);

        PERFORM add_continuous_aggregate_policy('bars_5m', start_offset => INTERVAL '1 day',
            end_offset => INTERVAL '5 minutes', schedule_interval => INTERVAL '5 minutes');
        PERFORM add_continuous_aggregate_policy('bars_1h', start_offset => INTERVAL '7 days',
            end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');
        PERFORM add_continuous_aggregate_policy('bars_1d', start_offset => INTERVAL '30 days',
            end_offset => INTERVAL '1 day', schedule_interval => INTERVAL '1 hour');
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'bars rollup aggregates not rebuilt (GET /bars rolls up in plain SQL): %', SQLERRM;
    END;
END
$$;
