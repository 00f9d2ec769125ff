package io.marketflow.store.query;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the read endpoints: {@code MDS_SESSION_TZ}, the zone whose calendar days {@code 1d} bars are
 * rolled up by when a request names none, and {@code MDS_QUERY_MAX_CONNECTIONS}, the connections reads may hold
 * at once, in a pool of their own so that a burst of reads never takes a connection the writers need.
 */
@Validated
@ConfigurationProperties("mds.query")
record QueryProperties(
        @NotNull @DefaultValue("UTC") ZoneId sessionTz,
        @Min(1) @Max(64) @DefaultValue("4") int maxConnections,
        @Min(1) @DefaultValue("10000") long acquireTimeoutMs) {}
