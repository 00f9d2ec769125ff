package io.marketflow.store.system;

import io.marketflow.store.journal.Journal;
import io.marketflow.store.lane.Lanes;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The write-ahead journal, on unless {@code MDS_JOURNAL_ENABLED=false}: opened (and what a previous process left
 * read) when the context starts, replayed into the coordinators by {@link JournalLifecycle} before the web server
 * takes requests, closed after the coordinators have drained.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "mds.journal.enabled", havingValue = "true", matchIfMissing = true)
class JournalConfiguration {

    @Bean
    JournalMetrics journalMetrics(MeterRegistry registry) {
        return new JournalMetrics(registry);
    }

    @Bean(destroyMethod = "close")
    Journal journal(JournalProperties properties, JournalMetrics metrics) {
        Path dir = Path.of(properties.dir());
        try {
            Journal journal = Journal.open(dir, properties.segmentBytes(), metrics);
            metrics.watch(journal);
            return journal;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open the journal directory " + dir.toAbsolutePath() + " (MDS_JOURNAL_DIR)", e);
        }
    }

    @Bean
    JournalLifecycle journalLifecycle(
            Journal journal, Lanes lanes, StoreProperties properties, JsonMapper jsonMapper, JournalMetrics metrics) {
        return new JournalLifecycle(journal, lanes, properties, jsonMapper, metrics);
    }
}
