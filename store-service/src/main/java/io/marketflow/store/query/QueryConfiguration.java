package io.marketflow.store.query;

import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The read side: its own connection pool, and the lookups the read endpoints use. */
@Configuration(proxyBeanMethods = false)
class QueryConfiguration {

    @Bean(destroyMethod = "close")
    ReadPool readPool(ConnectionFactory connectionFactory, QueryProperties properties) {
        return new ReadPool(
                connectionFactory, properties.maxConnections(), Duration.ofMillis(properties.acquireTimeoutMs()));
    }

    @Bean
    BarLookup barLookup(ReadPool readPool) {
        return new R2dbcBarLookup(readPool.client());
    }

    @Bean
    KindLookup kindLookup(ReadPool readPool) {
        return new KindLookup(readPool.client());
    }
}
