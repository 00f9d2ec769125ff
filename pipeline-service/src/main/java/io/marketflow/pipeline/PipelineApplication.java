package io.marketflow.pipeline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The pipeline: pulls bars from providers and pushes them to the store at a rate the store can take. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PipelineApplication {

    public static void main(String[] args) {
        SpringApplication.run(PipelineApplication.class, args);
    }
}
