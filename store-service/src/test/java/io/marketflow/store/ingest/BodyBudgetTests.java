package io.marketflow.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyBudgetTests {

    final BodyBudget budget = new BodyBudget(1000);

    @Test
    void takesBytesUpToTheLimitAcrossRequests() {
        BodyBudget.Hold first = budget.open();
        BodyBudget.Hold second = budget.open();

        assertThat(first.cover(600)).isTrue();
        assertThat(second.cover(400)).isTrue();

        assertThat(budget.held()).isEqualTo(1000);
        assertThat(second.cover(1)).isFalse();
        assertThat(second.bytes()).isEqualTo(400);
    }

    @Test
    void aRequestAloneMayGoBeyondTheLimit() {
        BodyBudget.Hold alone = budget.open();

        assertThat(alone.cover(800)).isTrue();
        assertThat(alone.cover(800)).isTrue();

        assertThat(budget.held()).isEqualTo(1600);
        assertThat(budget.open().cover(1)).as("nothing fits beside it").isFalse();
    }

    @Test
    void aDeclaredLengthTakenUpFrontCoversTheChunksThatFollow() {
        BodyBudget.Hold hold = budget.open();
        assertThat(hold.reserve(700)).isTrue(); // Content-Length

        budget.open().cover(300);
        assertThat(hold.cover(400)).isTrue();
        assertThat(hold.cover(300)).isTrue();

        assertThat(hold.bytes()).isEqualTo(700);
        assertThat(hold.cover(1)).as("one byte more than declared").isFalse();
    }

    @Test
    void aDeclaredLengthThatDoesNotFitTakesNothing() {
        budget.open().cover(500);
        BodyBudget.Hold hold = budget.open();

        assertThat(hold.reserve(600)).isFalse();
        assertThat(budget.held()).isEqualTo(500);
    }

    @Test
    void releaseGivesBackEverythingOnce() {
        BodyBudget.Hold hold = budget.open();
        hold.cover(900);
        BodyBudget.Hold other = budget.open();
        other.cover(100);

        hold.release();
        hold.release();

        assertThat(budget.held()).isEqualTo(100);
        assertThat(hold.cover(10)).as("a released hold takes nothing more").isFalse();
        assertThat(budget.held()).isEqualTo(100);
    }

    @Test
    void theDefaultIsAnEighthOfTheHeap() {
        assertThat(BodyBudget.of(0).limit()).isEqualTo(Runtime.getRuntime().maxMemory() / 8);
        assertThat(BodyBudget.of(5000).limit()).isEqualTo(5000);
    }
}
