package io.marketflow.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * The two ceilings, from the CSV file of the rows: (a) COPY straight into {@code bars}, and (b) COPY into a
 * staging table, then one {@code INSERT … ON CONFLICT DO UPDATE} of all of it, in one transaction. Both go through
 * psql's {@code \copy} when psql is installed, else through the JDBC driver's {@code COPY FROM STDIN}, which is
 * the same protocol.
 *
 * @param psql the psql executable; with {@code null}, the baselines use the JDBC driver's COPY
 */
record CopyBaselines(Database database, Path csv, String psql) {

    private static final String ALL_COLUMNS =
            "symbol, timeframe, ts, open, high, low, close, volume, vwap, trade_count, provider";
    private static final String UPSERT = "INSERT INTO bars (" + ALL_COLUMNS + ") SELECT " + ALL_COLUMNS
            + " FROM bars_stage ON CONFLICT (symbol, timeframe, ts) DO UPDATE SET open = EXCLUDED.open,"
            + " high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close, volume = EXCLUDED.volume,"
            + " vwap = EXCLUDED.vwap, trade_count = EXCLUDED.trade_count, provider = EXCLUDED.provider";
    private static final String STAGE = "CREATE TEMP TABLE bars_stage (LIKE bars INCLUDING DEFAULTS)";

    String tool() {
        return psql != null ? "psql \\copy" : "JDBC COPY FROM STDIN";
    }

    /** (a): the append ceiling. */
    long[] append() throws Exception {
        String copy = "bars (" + BarRows.CSV_COLUMNS + ") FROM STDIN WITH (FORMAT csv)";
        if (psql != null) {
            runPsql(List.of("\\copy " + copy.replace("STDIN", quoted(csv))));
        } else {
            try (Connection c = database.connect()) {
                copyIn(c, "COPY " + copy);
            }
        }
        return new long[0];
    }

    /** (b): the upsert ceiling. */
    long[] upsertThroughStage() throws Exception {
        String copy = "bars_stage (" + BarRows.CSV_COLUMNS + ") FROM STDIN WITH (FORMAT csv)";
        if (psql != null) {
            runPsql(List.of(STAGE + ";", "\\copy " + copy.replace("STDIN", quoted(csv)), UPSERT + ";"));
        } else {
            try (Connection c = database.connect();
                    Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute(STAGE);
                copyIn(c, "COPY " + copy);
                s.execute(UPSERT);
                c.commit();
            }
        }
        return new long[0];
    }

    private void copyIn(Connection c, String sql) throws Exception {
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, in);
        }
    }

    private void runPsql(List<String> lines) throws IOException, InterruptedException {
        Path script = Files.createTempFile("bench-psql", ".sql");
        try {
            Files.write(script, lines);
            PgServer server = database.server();
            List<String> command = new ArrayList<>(List.of(
                    psql,
                    "-X",
                    "-q",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "--single-transaction",
                    "-h",
                    server.host(),
                    "-p",
                    Integer.toString(server.port()),
                    "-U",
                    server.user(),
                    "-d",
                    database.name(),
                    "-f",
                    script.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PGPASSWORD", server.password());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("psql failed: " + output.trim());
            }
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static String quoted(Path file) {
        return "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
    }
}
