package io.marketflow.store.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DuplicateKeysTests {

    /** Key columns of the given rows, {@code keys[k][r]}. */
    static Object[][] columns(Object[]... rows) {
        Object[][] keys = new Object[rows[0].length][rows.length];
        for (int r = 0; r < rows.length; r++) {
            for (int k = 0; k < rows[r].length; k++) {
                keys[k][r] = rows[r][k];
            }
        }
        return keys;
    }

    @Test
    void keepsTheLastOccurrenceOfEachKeyAtItsFirstPosition() {
        Object[][] keys = columns(
                new Object[] {"a", "1m"},
                new Object[] {"b", "1m"},
                new Object[] {"a", "1m"},
                new Object[] {"c", "1m"},
                new Object[] {"a", "1m"},
                new Object[] {"b", "1m"});

        assertThat(DuplicateKeys.lastPerKey(6, keys)).containsExactly(4, 5, 3);
    }

    @Test
    void keepsEveryRowWhenEveryKeyOccursOnce() {
        Object[][] keys = columns(new Object[] {"a", "1m"}, new Object[] {"a", "5m"}, new Object[] {"b", "1m"});

        assertThat(DuplicateKeys.lastPerKey(3, keys)).isNull();
        assertThat(DuplicateKeys.lastPerKey(1, columns(new Object[] {"a"}))).isNull();
    }

    @Test
    void comparesKeysByValueAndNullsAsEqual() {
        Object[][] keys = columns(
                new Object[] {new String("a"), null}, new Object[] {new String("a"), null}, new Object[] {"a", "x"});

        assertThat(DuplicateKeys.lastPerKey(3, keys)).containsExactly(1, 2);
    }

    /** Against a map of key lists, the obvious way, on batches of every size with many repeated keys. */
    @Test
    void agreesWithAMapOfKeysOnRandomBatches() {
        Random random = new Random(42);
        for (int batch = 0; batch < 2_000; batch++) {
            int rows = 1 + random.nextInt(600);
            int distinct = 1 + random.nextInt(rows + 5);
            Object[][] keys = new Object[3][rows];
            Map<List<Object>, Integer> lastByKey = new LinkedHashMap<>();
            for (int r = 0; r < rows; r++) {
                int id = random.nextInt(distinct);
                keys[0][r] = "S" + (id % 7);
                keys[1][r] = id % 3 == 0 ? null : "1m";
                keys[2][r] = (long) (id / 7);
                lastByKey.put(List.of(keys[0][r], String.valueOf(keys[1][r]), keys[2][r]), r);
            }
            List<Integer> expected = new ArrayList<>(lastByKey.values());

            int[] kept = DuplicateKeys.lastPerKey(rows, keys);

            if (expected.size() == rows) {
                assertThat(kept).as("batch %d", batch).isNull();
            } else {
                assertThat(kept)
                        .as("batch %d", batch)
                        .containsExactly(
                                expected.stream().mapToInt(Integer::intValue).toArray());
            }
        }
    }
}
