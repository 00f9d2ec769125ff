package io.marketflow.store.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.OptionSnapshot;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OptionSnapshotSinkIntegrationTests extends UpsertSinkContract<OptionSnapshot> {

    private static final Instant T0 = Instant.parse("2025-10-15T14:30:00Z");
    private static final LocalDate EXPIRY = LocalDate.of(2025, 12, 19);

    OptionSnapshotSinkIntegrationTests() {
        super(Tables.OPTION_SNAPSHOTS);
    }

    /** The key varies the symbol and, through its hash, the right, so both C and P rows are exercised. */
    @Override
    OptionSnapshot item(String key, int version) {
        String right = (key.hashCode() & 1) == 0 ? "C" : "P";
        return new OptionSnapshot(
                key,
                EXPIRY,
                190.0,
                right,
                T0,
                1.0 + version,
                1.2 + version,
                1.1 + version,
                0.25,
                0.5,
                0.01,
                100L + version,
                (long) version);
    }

    @Override
    OptionSnapshot rejectedItem() {
        return new OptionSnapshot("AAPL", EXPIRY, 190.0, "X", T0, null, null, null, null, null, null, null, null);
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void storesEveryColumnAndTellsContractsApartByStrikeRightAndExpiry(WriteMethod method) throws Exception {
        OptionSnapshot call =
                new OptionSnapshot("AAPL", EXPIRY, 190.0, "C", T0, 1.0, 1.2, 1.1, 0.25, 0.55, 0.02, 1500L, 30L);
        OptionSnapshot put =
                new OptionSnapshot("AAPL", EXPIRY, 190.0, "P", T0, 2.0, 2.2, 2.1, 0.3, -0.45, 0.02, 900L, 10L);
        OptionSnapshot otherStrike =
                new OptionSnapshot("AAPL", EXPIRY, 192.5, "C", T0, null, null, null, null, null, null, null, null);
        OptionSnapshot oldExpiry = new OptionSnapshot(
                "AAPL",
                LocalDate.of(1999, 1, 15),
                190.0,
                "C",
                Instant.parse("1999-01-04T15:00:00.000001Z"),
                0.0,
                0.0,
                0.0,
                0.0,
                0.0,
                0.0,
                0L,
                0L);

        sink(method).write(List.of(call, put, otherStrike, oldExpiry));

        assertThat(stored()).containsExactlyInAnyOrder(call, put, otherStrike, oldExpiry);
    }
}
