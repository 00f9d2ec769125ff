package io.marketflow.store;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The store: takes market data over HTTP, queues it, and writes it to PostgreSQL in batches. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StoreApplication {

    /**
     * The store reads {@code store-service.yml}, not {@code application.yml}, so that it can share a classpath
     * with the pipeline (the local launcher and the end-to-end tests run both in one JVM).
     */
    public static final String CONFIG_NAME = "store-service";

    public static void main(String[] args) {
        application().run(args);
    }

    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(StoreApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        return application;
    }
}
