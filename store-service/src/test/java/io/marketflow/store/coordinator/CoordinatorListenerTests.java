package io.marketflow.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CoordinatorListener#all}: every listener hears every callback, in order, whatever another one throws. */
class CoordinatorListenerTests {

    private final List<String> heard = Collections.synchronizedList(new ArrayList<>());

    @Test
    void allHandsEachCallbackToEveryListenerInOrder() {
        CoordinatorListener.all(recorder("first"), recorder("second")).onDeadLettered(3);

        assertThat(heard).containsExactly("first:3", "second:3");
    }

    @Test
    void aListenerThatThrowsDoesNotKeepTheNextOneFromHearing() {
        CoordinatorListener throwing = new CoordinatorListener() {
            @Override
            public void onDeadLettered(int items) {
                heard.add("throwing:" + items);
                throw new IllegalStateException("listener bug");
            }
        };

        assertThatNoException()
                .isThrownBy(() ->
                        CoordinatorListener.all(throwing, recorder("next")).onDeadLettered(2));
        assertThat(heard).containsExactly("throwing:2", "next:2");
    }

    private CoordinatorListener recorder(String name) {
        return new CoordinatorListener() {
            @Override
            public void onDeadLettered(int items) {
                heard.add(name + ":" + items);
            }
        };
    }
}
