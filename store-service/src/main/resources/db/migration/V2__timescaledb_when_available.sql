-- TimescaleDB is optional: on plain PostgreSQL this migration does nothing. Where the extension is
-- available, bars and option_snapshots become hypertables with compression on chunks older than 7 days,
-- and continuous aggregates roll 1m bars up to 5m, 1h and 1d.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        RAISE NOTICE 'timescaledb not available: bars and option_snapshots stay plain tables';
        RETURN;
    END IF;

    CREATE EXTENSION IF NOT EXISTS timescaledb;

    PERFORM create_hypertable('bars', 'ts', chunk_time_interval => INTERVAL '1 day', migrate_data => true);
    PERFORM create_hypertable('option_snapshots', 'ts', chunk_time_interval => INTERVAL '1 day', migrate_data => true);

    ALTER TABLE bars SET (timescaledb.compress, timescaledb.compress_segmentby = 'symbol, timeframe',
                          timescaledb.compress_orderby = 'ts DESC');
    ALTER TABLE option_snapshots SET (timescaledb.compress, timescaledb.compress_segmentby = 'symbol',
                                      timescaledb.compress_orderby = 'ts DESC');
    PERFORM add_compression_policy('bars', INTERVAL '7 days');
    PERFORM add_compression_policy('option_snapshots', INTERVAL '7 days');

    EXECUTE $cagg$
        CREATE MATERIALIZED VIEW bars_5m WITH (timescaledb.continuous) AS
        SELECT symbol, '5m'::text AS timeframe, time_bucket(INTERVAL '5 minutes', ts) AS ts,
               first(open, ts) AS open, max(high) AS high, min(low) AS low, last(close, ts) AS close,
               sum(volume) AS volume
        FROM bars WHERE timeframe = '1m'
        GROUP BY symbol, time_bucket(INTERVAL '5 minutes', ts)
        WITH NO DATA
    $cagg$;
    EXECUTE $cagg$
        CREATE MATERIALIZED VIEW bars_1h WITH (timescaledb.continuous) AS
        SELECT symbol, '1h'::text AS timeframe, time_bucket(INTERVAL '1 hour', ts) AS ts,
               first(open, ts) AS open, max(high) AS high, min(low) AS low, last(close, ts) AS close,
               sum(volume) AS volume
        FROM bars WHERE timeframe = '1m'
        GROUP BY symbol, time_bucket(INTERVAL '1 hour', ts)
        WITH NO DATA
    $cagg$;
    EXECUTE $cagg$
        CREATE MATERIALIZED VIEW bars_1d WITH (timescaledb.continuous) AS
        SELECT symbol, '1d'::text AS timeframe, time_bucket(INTERVAL '1 day', ts) AS ts,
               first(open, ts) AS open, max(high) AS high, min(low) AS low, last(close, ts) AS close,
               sum(volume) AS volume
        FROM bars WHERE timeframe = '1m'
        GROUP BY symbol, time_bucket(INTERVAL '1 day', ts)
        WITH NO DATA
    $cagg$;

    PERFORM add_continuous_aggregate_policy('bars_5m', start_offset => INTERVAL '1 day',
        end_offset => INTERVAL '5 minutes', schedule_interval => INTERVAL '5 minutes');
    PERFORM add_continuous_aggregate_policy('bars_1h', start_offset => INTERVAL '7 days',
        end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');
    PERFORM add_continuous_aggregate_policy('bars_1d', start_offset => INTERVAL '30 days',
        end_offset => INTERVAL '1 day', schedule_interval => INTERVAL '1 hour');
END
$$;
