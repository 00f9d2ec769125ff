package io.marketflow.store.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTests {

    private static final long SEGMENT = 64 * 1024;

    @TempDir
    Path dir;

    private final TestStorage storage = new TestStorage();

    private Journal open() throws IOException {
        return Journal.open(dir, SEGMENT, storage, JournalListener.NONE, System::nanoTime);
    }

    private static byte[] payload(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void appendAll(String... texts) throws IOException {
        try (Journal journal = open()) {
            for (String text : texts) {
                journal.append(payload(text), 1);
            }
        }
    }

    /** Edits the bytes of the only segment file in place, as a crash or a bad disk would. */
    private void damageOnlySegment(Consumer<byte[]> damage) throws IOException {
        Path segment = onlySegment();
        byte[] bytes = Files.readAllBytes(segment);
        damage.accept(bytes);
        Files.write(segment, bytes);
    }

    /**
     * Appends {@code texts}, then edits the bytes of the second record in place; {@code damage} is given the
     * segment's bytes and the offset where that record starts.
     */
    private void damageTheSecondOf(List<String> texts, BiConsumer<byte[], Integer> damage) throws IOException {
        appendAll(texts.toArray(String[]::new));
        int second = RecordFormat.HEADER + texts.get(0).getBytes(StandardCharsets.UTF_8).length;
        damageOnlySegment(bytes -> damage.accept(bytes, second));
    }

    private static List<String> texts(Journal journal) {
        return journal.recovered().stream()
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void recordsThatWereNotSettledAreRecoveredInOrderAfterARestart() throws IOException {
        try (Journal journal = open()) {
            journal.append(payload("one"), 1);
            journal.append(payload("two"), 2).settled(2);
            journal.append(payload("three"), 1);
        }
        try (Journal reopened = open()) {
            // A settled record in a segment still in use is replayed too: harmless, the sinks upsert.
            assertThat(texts(reopened)).containsExactly("one", "two", "three");
            assertThat(reopened.recovery()).isEqualTo(new Journal.Recovery(1, 3, 0, 0, 0));
        }
    }

    @Test
    void anInterruptedAppenderNeitherFailsNorBreaksTheJournalForTheAppendsAfterIt() throws IOException {
        // Admission threads are interrupted when a client hangs up mid-admission; a FileChannel would close itself.
        try (Journal journal = open()) {
            Thread.currentThread().interrupt();
            try {
                journal.append(payload("appended while interrupted"), 1);
            } finally {
                assertThat(Thread.interrupted())
                        .as("the interrupt is kept for the caller")
                        .isTrue();
            }
            journal.append(payload("appended after"), 1);
            assertThat(journal.failure()).isNull();
        }
        try (Journal reopened = open()) {
            assertThat(texts(reopened)).containsExactly("appended while interrupted", "appended after");
        }
    }

    @Test
    void aTornLastRecordIsIgnoredAndTheRestRecovered() throws IOException {
        appendAll("whole", "cut short by the crash");
        // A crash in the middle of a write leaves the record's end as the preallocated zeros it overwrote.
        damageOnlySegment(bytes -> {
            int end = 2 * RecordFormat.HEADER + "whole".length() + "cut short by the crash".length();
            Arrays.fill(bytes, end - 5, end, (byte) 0);
        });

        try (Journal reopened = open()) {
            assertThat(texts(reopened)).containsExactly("whole");
            assertThat(reopened.recovery().tornTails()).isEqualTo(1);
            assertThat(reopened.recovery().skippedRegions()).isZero();
        }
    }

    @Test
    void aCorruptRecordInTheMiddleIsSkippedAndReportedAndTheRecordsAroundItRecovered() throws IOException {
        // A flipped byte in the second payload.
        damageTheSecondOf(
                List.of("first", "damaged on disk", "third"),
                (bytes, second) -> bytes[second + RecordFormat.HEADER + 3] ^= 0x5A);

        try (Journal reopened = open()) {
            assertThat(texts(reopened)).containsExactly("first", "third");
            assertThat(reopened.recovery().skippedRegions()).isEqualTo(1);
            assertThat(reopened.recovery().skippedBytes()).isEqualTo(RecordFormat.HEADER + "damaged on disk".length());
            assertThat(reopened.recovery().tornTails()).isZero();
        }
    }

    @Test
    void garbageWhereALengthShouldBeDoesNotStopTheScan() throws IOException {
        // A length far beyond the file.
        damageTheSecondOf(List.of("first", "second", "third"), (bytes, second) -> bytes[second + 4] = (byte) 0x7F);

        try (Journal reopened = open()) {
            assertThat(texts(reopened)).containsExactly("first", "third");
            assertThat(reopened.recovery().skippedRegions()).isEqualTo(1);
        }
    }

    @Test
    void aFullSegmentIsRetiredOnceEveryRecordInItIsSettled() throws IOException {
        try (Journal journal = open()) {
            byte[] big = new byte[(int) SEGMENT / 4];
            List<Journal.Ticket> first = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                first.add(journal.append(big, 10));
            }
            Journal.Ticket next = journal.append(payload("in the next segment"), 1);
            assertThat(segments()).hasSize(2);

            first.forEach(ticket -> ticket.settled(5));
            assertThat(segments()).as("half of each record settled").hasSize(2);
            first.subList(0, 3).forEach(ticket -> ticket.settled(5));
            assertThat(segments()).as("one record still unsettled").hasSize(2);
            first.get(3).settled(5);
            assertThat(segments())
                    .as("every record of the full segment settled")
                    .hasSize(1);
            Path kept = dir.resolve(Segment.freeName(1));
            assertThat(kept).as("kept for reuse").exists();
            assertThat(journal.bytes()).isEqualTo(Files.size(segments().get(0)) + Files.size(kept));

            next.settled(1);
        }
        assertThat(segments()).as("closed with everything settled").isEmpty();
    }

    @Test
    void aRefusedRecordIsNotReplayed() throws IOException {
        try (Journal journal = open()) {
            journal.append(payload("kept"), 1);
            journal.append(payload("refused by a full queue"), 3).refused();
        }
        try (Journal reopened = open()) {
            assertThat(texts(reopened)).containsExactly("kept");
        }
    }

    @Test
    void releasingRecoveredSegmentsDeletesThem() throws IOException {
        appendAll("left by a crash");
        try (Journal reopened = open()) {
            reopened.append(payload("new"), 1);
            assertThat(segments()).hasSize(2);
            reopened.releaseRecovered();
            assertThat(segments()).hasSize(1);
            assertThat(reopened.recovered()).hasSize(1);
        }
    }

    @Test
    void oneFsyncCoversEveryAppendThatArrivedWhileThePreviousOneRan() throws Exception {
        int appenders = 16;
        try (Journal journal = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(appenders + 1);
            try {
                CountDownLatch release = new CountDownLatch(1);
                storage.holdForce = release;
                Future<?> leader = pool.submit(() -> journal.append(payload("leader"), 1));
                await().atMost(Duration.ofSeconds(30)).until(() -> storage.forcing.get() == 1);

                List<Future<Journal.Ticket>> followers = new ArrayList<>();
                for (int i = 0; i < appenders; i++) {
                    String text = "follower " + i;
                    followers.add(pool.submit(() -> journal.append(payload(text), 1)));
                }
                // Every follower has written its record and waits for a durable one.
                await().atMost(Duration.ofSeconds(30)).until(() -> storage.writes.get() == appenders + 1);
                storage.holdForce = null;
                release.countDown();

                leader.get();
                for (Future<Journal.Ticket> follower : followers) {
                    follower.get();
                }
                assertThat(storage.forces.get())
                        .as("one fsync for the leader, one for all %d followers together", appenders)
                        .isEqualTo(2);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aFullDiskRefusesTheAppendAndReportsWhyUntilWritesSucceedAgain() throws IOException {
        try (Journal journal = open()) {
            journal.append(payload("before"), 1);
            storage.failWrites.set(new IOException("No space left on device"));

            assertAppendRefused(journal, "refused", "No space left on device");

            storage.failWrites.set(null);
            journal.append(payload("after"), 1);
            assertThat(journal.failure()).isNull();
        }
        try (Journal reopened = open()) {
            assertThat(texts(reopened)).containsExactly("before", "after");
        }
    }

    @Test
    void aFailingJournalBecomesWritableAgainOnARecheckWithoutWaitingForAnAppend() throws IOException {
        try (Journal journal = open()) {
            journal.append(payload("before"), 1);
            storage.failWrites.set(new IOException("No space left on device"));
            assertThatThrownBy(() -> journal.append(payload("refused"), 1)).isInstanceOf(IOException.class);
            storage.failCreates.set(new IOException("No space left on device"));

            journal.recheck();
            assertThat(journal.failure()).as("the disk is still full").isNotNull();

            storage.failWrites.set(null);
            storage.failCreates.set(null);
            journal.recheck();
            assertThat(journal.failure()).isNull();
            journal.append(payload("after"), 1);
        }
        try (Journal reopened = open()) {
            assertThat(texts(reopened)).containsExactly("before", "after");
        }
    }

    @Test
    void aCleanStopWithEverythingSettledLeavesNothingToReplay() throws IOException {
        try (Journal journal = open()) {
            journal.append(payload("written"), 2).settled(2);
            journal.append(payload("dead-lettered"), 1).settled(1);
            journal.append(payload("refused by a full queue"), 1).refused();
        }
        try (Journal reopened = open()) {
            assertThat(reopened.recovered()).isEmpty();
            assertThat(reopened.recovery().segments()).isZero();
        }
    }

    @Test
    void aFailedFsyncFailsEveryRecordItWasToCover() throws IOException {
        try (Journal journal = open()) {
            storage.failForces.set(new IOException("Input/output error"));

            assertAppendRefused(journal, "not durable", "Input/output error");

            storage.failForces.set(null);
            journal.append(payload("durable"), 1);
            assertThat(journal.failure()).isNull();
            assertThat(segments())
                    .as("the failed segment was sealed and, holding nothing acknowledged, deleted")
                    .hasSize(1);
        }
        try (Journal reopened = open()) {
            assertThat(texts(reopened)).containsExactly("durable");
        }
    }

    @Test
    void aSecondJournalOnTheSameDirectoryIsRefused() throws IOException {
        try (Journal journal = open()) {
            assertThatThrownBy(this::open).isInstanceOf(IOException.class).hasMessageContaining("in use");
        }
    }

    private Path onlySegment() throws IOException {
        List<Path> segments = segments();
        assertThat(segments).hasSize(1);
        return segments.get(0);
    }

    @Test
    void aRecordCutOffByTheEndOfTheFileIsATornTail() {
        byte[] whole = SegmentRecyclingTests.record(1, 1, "whole");
        byte[] cut = SegmentRecyclingTests.record(1, 2, "cut");
        byte[] file = Arrays.copyOf(whole, whole.length + cut.length - 2);
        System.arraycopy(cut, 0, file, whole.length, cut.length - 2);

        RecordFormat.Scan scan = RecordFormat.scan(file, 1);

        assertThat(scan.entries()).hasSize(1);
        assertThat(scan.tornTail()).isTrue();
    }

    @Test
    void segmentsArePreallocatedAndTheirUnusedZerosAreNotATornTail() throws IOException {
        appendAll("one");
        assertThat(Files.size(onlySegment())).isEqualTo(SEGMENT);
        try (Journal reopened = open()) {
            assertThat(texts(reopened)).containsExactly("one");
            assertThat(reopened.recovery().tornTails()).isZero();
        }
    }

    /**
     * Segment files with a record of their own (a spare segment, prepared ahead, holds only zeros or the records of
     * its file's previous use).
     */
    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".journal"))
                    .filter(JournalTests::written)
                    .sorted()
                    .toList();
        }
    }

    private static boolean written(Path file) {
        try {
            return !RecordFormat.scan(Files.readAllBytes(file), Segment.id(file))
                    .entries()
                    .isEmpty();
        } catch (IOException e) {
            return false; // deleted meanwhile
        }
    }

    /** The append of {@code text} fails for {@code reason}, and the journal reports that reason until it recovers. */
    private static void assertAppendRefused(Journal journal, String text, String reason) {
        assertThatThrownBy(() -> journal.append(payload(text), 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(reason);
        assertThat(journal.failure()).hasMessageContaining(reason);
    }
}
