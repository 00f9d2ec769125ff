package io.marketflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The settings check knows every name the services read, so compose and Kubernetes may set any of them. */
class ServiceSettingsTests {

    @Test
    void pipelineReadsItsPerProviderFeedSettingsAndItsDeadLetterPacingAndAdminSettings() {
        assertThat(new String[] {
                    "MDP_PROVIDER_IBKR_MODE",
                    "MDP_PROVIDER_IBKR_START",
                    "MDP_PROVIDER_IBKR_SEED",
                    "MDP_PROVIDER_IBKR_KIND",
                    "MDP_DLQ_DIR",
                    "MDP_FB_PACE_TARGET_DELAY_MS",
                    "MDP_FB_PACE_DRAIN_HORIZON_MS",
                    "MDP_FB_PACE_MIN_GAIN",
                    "MDP_FB_PACE_PROBE_GAIN",
                    "MDP_ADMIN_API_KEYS"
                })
                .allSatisfy(name -> assertThat(ServiceSettings.PIPELINE.reads(name))
                        .as(name)
                        .isTrue());
        assertThat(ServiceSettings.PIPELINE.reads("MDP_PROVIDER_IBKR_COLOUR")).isFalse();
    }

    @Test
    void storeReadsItsJournalQueryAndSessionSettings() {
        assertThat(new String[] {
                    "MDS_JOURNAL_DIR",
                    "MDS_JOURNAL_ENABLED",
                    "MDS_JOURNAL_SEGMENT_BYTES",
                    "MDS_QUERY_MAX_CONNECTIONS",
                    "MDS_COORDINATOR_WRITE_METHOD",
                    "MDS_SESSION_TZ",
                    "MDS_INGEST_MAX_FUTURE_SEC"
                })
                .allSatisfy(name ->
                        assertThat(ServiceSettings.STORE.reads(name)).as(name).isTrue());
    }
}
