package io.marketflow.store.lane;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.OptionSnapshot;
import io.marketflow.store.sink.Tables;
import io.marketflow.store.sink.WriteMethod;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

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

    /** The sink tag in metrics ({@code sink_writes_total{sink}}) is the kind's name, whatever its table is called. */
    @Test
    void eachKindsSinkIsTaggedWithTheKindsName() {
        ConnectionFactory unused = new ConnectionFactory() {
            @Override
            public Publisher<? extends Connection> create() {
                throw new UnsupportedOperationException();
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                throw new UnsupportedOperationException();
            }
        };
        for (DataKind kind : DataKind.values()) {
            assertThat(kind.items()
                            .sink()
                            .create(unused, Duration.ofSeconds(1), WriteMethod.DEFAULT)
                            .name())
                    .isEqualTo(kind.kind());
        }
        assertThat(DataKind.OPTIONS.items().table()).isSameAs(Tables.OPTION_SNAPSHOTS);
        assertThat(DataKind.OPTIONS.type()).isEqualTo(OptionSnapshot.class);
    }
}
