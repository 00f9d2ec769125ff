package io.marketflow.devdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTests {

    @Test
    void eachCreatedDatabaseIsSeparate() throws SQLException {
        EmbeddedDatabase server = SharedTestDatabase.server();
        String first = server.createDatabase("iso");
        String second = server.createDatabase("iso");
        assertThat(first).isNotEqualTo(second);
        execute(server, first, "CREATE TABLE t (x int); INSERT INTO t VALUES (1)");
        assertThatThrownBy(() -> execute(server, second, "SELECT * FROM t")).isInstanceOf(SQLException.class);
    }

    @Test
    void restartKeepsDataAndPort(@TempDir Path dir) throws SQLException {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(0, dir.resolve("pg"), false)) {
            String name = db.createDatabase("restart");
            execute(db, name, "CREATE TABLE t (x int); INSERT INTO t VALUES (42)");
            int port = db.port();

            db.stop();
            assertThatThrownBy(() -> execute(db, name, "SELECT 1")).isInstanceOf(SQLException.class);
            db.restart();

            assertThat(db.port()).isEqualTo(port);
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(name), db.user(), db.password());
                    ResultSet rs = c.createStatement().executeQuery("SELECT x FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    private static void execute(EmbeddedDatabase db, String database, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(database), db.user(), db.password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
