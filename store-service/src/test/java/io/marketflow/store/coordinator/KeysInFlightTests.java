package io.marketflow.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeysInFlightTests {

    @Test
    void findsWhatWasAddedUntilItIsRemoved() {
        KeysInFlight keys = new KeysInFlight(4);
        keys.add(7);
        keys.add(7);
        keys.add(-3);

        assertThat(keys.contains(7)).isTrue();
        assertThat(keys.contains(-3)).isTrue();
        assertThat(keys.contains(8)).isFalse();
        assertThat(keys.size()).isEqualTo(2);

        keys.remove(7);
        keys.remove(7); // a batch may carry a key twice: the second removal finds nothing

        assertThat(keys.contains(7)).isFalse();
        assertThat(keys.contains(-3)).isTrue();
        assertThat(keys.size()).isEqualTo(1);
    }

    /** Zero marks a free slot inside; it is still a key like any other. */
    @Test
    void holdsZero() {
        KeysInFlight keys = new KeysInFlight(4);
        keys.add(0);

        assertThat(keys.contains(0)).isTrue();
        keys.remove(0);
        assertThat(keys.contains(0)).isFalse();
    }

    /**
     * Against a {@code HashSet}, through long random runs of adds and removes from a small key space, so that probe
     * runs form, wrap around the end of the table and are cut by removals; the table starts too small and grows.
     */
    @Test
    void agreesWithAHashSetThroughRandomAddsAndRemoves() {
        Random random = new Random(7);
        for (int run = 0; run < 200; run++) {
            KeysInFlight keys = new KeysInFlight(1 + random.nextInt(16));
            Set<Long> expected = new HashSet<>();
            int space = 1 + random.nextInt(300);
            for (int step = 0; step < 3_000; step++) {
                long key = random.nextInt(space) - space / 2;
                if (random.nextInt(3) == 0) {
                    keys.remove(key);
                    expected.remove(key);
                } else {
                    keys.add(key);
                    expected.add(key);
                }
                long probe = random.nextInt(space) - space / 2;
                assertThat(keys.contains(probe))
                        .as("run %d step %d key %d", run, step, probe)
                        .isEqualTo(expected.contains(probe));
            }
            assertThat(keys.size()).as("run %d", run).isEqualTo(expected.size());
            for (long key = -space; key <= space; key++) {
                assertThat(keys.contains(key)).as("run %d key %d", run, key).isEqualTo(expected.contains(key));
            }
        }
    }
}
