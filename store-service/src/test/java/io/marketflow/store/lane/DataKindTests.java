package io.marketflow.store.lane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataKindTests {

    @Test
    void pathNamesListEveryKindInOrder() {
        List<String> names =
                Arrays.stream(DataKind.values()).map(DataKind::kind).toList();

        assertThat(List.of(DataKind.PATH_NAMES.split("\\|"))).isEqualTo(names);
    }

    @Test
    void findsKindsByTheirPathName() {
        for (DataKind kind : DataKind.values()) {
            assertThat(DataKind.named(kind.kind())).isSameAs(kind);
        }
        assertThat(DataKind.named("quotes")).isNull();
    }

    @Test
    void barsTakeTheConfiguredIdAndOthersTheirKindWithTheInstanceAppended() {
        assertThat(DataKind.BARS.coordinatorId("bars-x", null)).isEqualTo("bars-x");
        assertThat(DataKind.NEWS.coordinatorId("bars-x", "")).isEqualTo("news-coord");
        assertThat(DataKind.OPTIONS.coordinatorId("bars-x", "store-2")).isEqualTo("options-coord-store-2");
    }
}
