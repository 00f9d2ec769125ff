package io.marketflow.store;

import io.r2dbc.spi.ConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.ContextCustomizerFactories;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole store ({@link StoreIntegrationTest}) on a fresh database of the shared embedded PostgreSQL, named after
 * the test class, driven over HTTP and checked in its tables: one database, and one application context, per class.
 * A class adds settings of its own with {@code @TestPropertySource}.
 */
@StoreIntegrationTest
@ContextCustomizerFactories(OwnDatabaseCustomizerFactory.class)
abstract class EmbeddedStoreTest {

    @Autowired
    WebTestClient http;

    @Autowired
    ConnectionFactory connectionFactory;

    /** {@code POST uri} with a JSON body. */
    WebTestClient.ResponseSpec postJson(String uri, String body) {
        return http.post()
                .uri(uri)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    /** The one value of the one row {@code sql} answers, as {@code type}. */
    <T> T queryOne(String sql, Class<T> type) {
        return DatabaseClient.create(connectionFactory)
                .sql(sql)
                .map(row -> row.get(0, type))
                .one()
                .block();
    }

    /** What a {@code SELECT count(*) ...} answers. */
    long count(String sql) {
        return queryOne(sql, Long.class);
    }
}
