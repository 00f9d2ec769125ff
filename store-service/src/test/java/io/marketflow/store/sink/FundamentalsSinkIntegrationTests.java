package io.marketflow.store.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.Fundamentals;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FundamentalsSinkIntegrationTests extends UpsertSinkContract<Fundamentals> {

    private static final LocalDate AS_OF = LocalDate.of(2025, 9, 30);

    FundamentalsSinkIntegrationTests() {
        super(Tables.FUNDAMENTALS);
    }

    @Override
    Fundamentals item(String key, int version) {
        return new Fundamentals(
                key, AS_OF, 3.0e12 + version, 30.0 + version, 6.5, 3.9e11, 9.7e10, 15_000_000_000L + version);
    }

    @Override
    Fundamentals rejectedItem() {
        return new Fundamentals("NUL\u0000", AS_OF, null, null, null, null, null, null);
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void storesEveryColumnAndKeysByDate(WriteMethod method) throws Exception {
        Fundamentals latest = new Fundamentals("AAPL", AS_OF, 3.5e12, 31.2, 6.43, 3.91e11, 9.4e10, 15_204_137_000L);
        Fundamentals earlier =
                new Fundamentals("AAPL", LocalDate.of(1999, 6, 30), null, -4.5, -0.01, 0.0, -1.5e9, null);
        Fundamentals sparse = new Fundamentals("MSFT", AS_OF, null, null, null, null, null, null);

        sink(method).write(List.of(latest, earlier, sparse));

        assertThat(stored()).containsExactlyInAnyOrder(latest, earlier, sparse);
    }
}
