package io.marketflow.store.system;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The write-ahead journal ({@code MDS_JOURNAL_*}): where it lives, how large its segment files grow, and the switch
 * that turns it off (for benchmarks only: without it an acknowledged item lives only in memory until written).
 */
@Validated
@ConfigurationProperties("mds.journal")
public record JournalProperties(
        @DefaultValue("true") boolean enabled,
        @NotBlank @DefaultValue(".journal") String dir,

        @Min(65_536) @Max(1_073_741_824) @DefaultValue("8388608")
        long segmentBytes) {}
