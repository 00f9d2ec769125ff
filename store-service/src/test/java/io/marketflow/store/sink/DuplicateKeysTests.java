package io.marketflow.store.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicateKeysTests {

    private record Item(String key, int version) {}

    @Test
    void keepsTheLastOccurrenceOfEachKeyAtItsFirstPosition() {
        List<Item> batch = List.of(
                new Item("a", 1),
                new Item("b", 1),
                new Item("a", 2),
                new Item("c", 1),
                new Item("a", 3),
                new Item("b", 2));

        assertThat(DuplicateKeys.lastPerKey(batch, Item::key))
                .containsExactly(new Item("a", 3), new Item("b", 2), new Item("c", 1));
    }

    @Test
    void returnsABatchWithoutDuplicatesAsItIs() {
        List<Item> batch = List.of(new Item("a", 1), new Item("b", 1));

        assertThat(DuplicateKeys.lastPerKey(batch, Item::key)).isSameAs(batch);
    }

    @Test
    void comparesKeysByValue() {
        List<Item> batch = List.of(new Item(new String("a"), 1), new Item(new String("a"), 2));

        assertThat(DuplicateKeys.lastPerKey(batch, item -> List.of(item.key(), "1m")))
                .containsExactly(new Item("a", 2));
    }
}
