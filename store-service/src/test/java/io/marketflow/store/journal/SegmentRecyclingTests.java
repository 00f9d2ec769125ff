package io.marketflow.store.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A settled segment's file is reused for a later segment instead of zero-filling a new one: what a reader must then
 * tell apart is this segment's records from those the file still holds from its previous use.
 */
class SegmentRecyclingTests {

    private static final long SEGMENT = 64 * 1024;
    private static final int QUARTER = (int) SEGMENT / 4;

    @TempDir
    Path dir;

    private final TestStorage storage = new TestStorage();

    private Journal open() throws IOException {
        return Journal.open(dir, SEGMENT, storage, JournalListener.NONE, System::nanoTime);
    }

    /** The bytes of one record of segment {@code segment}, without the end mark written after it. */
    static byte[] record(long segment, long seq, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(
                RecordFormat.encode(segment, seq, RecordFormat.DATA, payload).array(), RecordFormat.size(payload));
    }

    /** A payload of {@code size} bytes that starts with {@code tag} and a space. */
    private static byte[] tagged(String tag, int size) {
        byte[] bytes = Arrays.copyOf((tag + " ").getBytes(StandardCharsets.UTF_8), size);
        Arrays.fill(bytes, tag.length() + 1, size, (byte) 'x');
        return bytes;
    }

    /** Four records of a quarter segment each: fills the segment being written, which then rolls. */
    private static List<Journal.Ticket> fillASegment(Journal journal, String tag) throws IOException {
        List<Journal.Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tickets.add(journal.append(tagged(tag, QUARTER), 1));
        }
        return tickets;
    }

    private static List<String> tags(Journal journal) {
        return journal.recovered().stream()
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .map(text -> text.substring(0, text.indexOf(' ')))
                .toList();
    }

    private List<Path> files(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void aSettledSegmentsFileBecomesALaterSegmentAndItsOldRecordsAreNeverReplayed() throws IOException {
        try (Journal journal = open()) {
            List<Journal.Ticket> first = fillASegment(journal, "old");
            Object segmentOnesFile = fileKey(dir.resolve(Segment.name(1)));
            fillASegment(journal, "second"); // segment 3, the spare, was zero-filled while segment 1 was unsettled
            first.forEach(ticket -> ticket.settled(1));
            assertThat(files(".free"))
                    .as("segment 1, kept for reuse")
                    .containsExactly(dir.resolve(Segment.freeName(1)));

            fillASegment(journal, "third"); // segment 3 taken: segment 4 is prepared from segment 1's file
            journal.append(tagged("fourth", 100), 1);

            assertThat(storage.reused).as("segment files made of a retired one").hasValue(1);
            assertThat(files(".free")).as("segment 1's file is segment 4's now").isEmpty();
            assertThat(fileKey(dir.resolve(Segment.name(4)))).isEqualTo(segmentOnesFile);
        }
        // Closed with segments 2 to 4 unsettled: as after a crash, they are replayed.
        try (Journal reopened = open()) {
            assertThat(tags(reopened))
                    .as("segment 4's file still holds segment 1's records past its own, and they are not replayed")
                    .containsExactly(
                            "second", "second", "second", "second", "third", "third", "third", "third", "fourth");
            assertThat(reopened.recovery().skippedRegions()).isZero();
            assertThat(reopened.recovery().tornTails())
                    .as("the old records are not a torn tail")
                    .isZero();
        }
    }

    @Test
    void aSpareLeftByACrashBeforeItsFirstRecordHoldsNothingToReplay() throws IOException {
        // Segment 7's file was segment 3's; the crash came before segment 7 had a record of its own.
        Files.write(dir.resolve(Segment.name(7)), concat(record(3, 10, "old 10"), record(3, 11, "old 11")));

        try (Journal reopened = open()) {
            assertThat(reopened.recovered()).isEmpty();
            assertThat(reopened.recovery().skippedRegions()).isZero();
            assertThat(reopened.recovery().tornTails()).isZero();
            reopened.append(tagged("new", 10), 1);
            assertThat(files(".journal"))
                    .as("new segments are numbered above every file")
                    .contains(dir.resolve(Segment.name(8)));
        }
    }

    @Test
    void aDamagedRecordInARecycledFileIsSkippedAndTheRecordsAroundItRecovered() {
        byte[] damaged = record(5, 2, "damaged on disk");
        damaged[RecordFormat.HEADER + 3] ^= 0x5A;
        byte[] file = concat(
                record(5, 1, "first"),
                damaged,
                record(5, 3, "third"),
                new byte[RecordFormat.END],
                record(2, 40, "from the previous use"),
                record(2, 41, "from the previous use too"));

        RecordFormat.Scan scan = RecordFormat.scan(file, 5);

        assertThat(scan.entries()).extracting(RecordFormat.Entry::seq).containsExactly(1L, 3L);
        assertThat(scan.skippedRegions()).isEqualTo(1);
        assertThat(scan.skippedBytes()).isEqualTo(damaged.length);
        assertThat(scan.tornTail()).isFalse();
    }

    @Test
    void aTornLastRecordInARecycledFileIsATornTail() {
        byte[] cut = record(5, 2, "cut short by the crash");
        Arrays.fill(cut, cut.length - 5, cut.length, (byte) 0);
        byte[] file = concat(record(5, 1, "whole"), cut, record(2, 40, "from the previous use"));

        RecordFormat.Scan scan = RecordFormat.scan(file, 5);

        assertThat(scan.entries()).extracting(RecordFormat.Entry::seq).containsExactly(1L);
        assertThat(scan.tornTail()).isTrue();
    }

    @Test
    void recordsAnOlderStoreWroteInTheFirstFormatAreRecovered() throws IOException {
        byte[] file = new byte[(int) SEGMENT];
        byte[] records = concat(
                encodeV1(1, RecordFormat.DATA, "written before".getBytes(StandardCharsets.UTF_8)),
                encodeV1(2, RecordFormat.DATA, "the upgrade".getBytes(StandardCharsets.UTF_8)));
        System.arraycopy(records, 0, file, 0, records.length);
        Files.write(dir.resolve(Segment.name(1)), file);

        try (Journal reopened = open()) {
            assertThat(reopened.recovered())
                    .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                    .containsExactly("written before", "the upgrade");
            assertThat(reopened.recovery().tornTails()).isZero();
        }
    }

    @Test
    void retiredFilesBeyondWhatIsKeptOrTooSmallAreDeletedAtOpen() throws IOException {
        for (long id = 1; id <= 3; id++) {
            Files.write(dir.resolve(Segment.freeName(id)), new byte[(int) SEGMENT]);
        }
        Files.write(dir.resolve(Segment.freeName(4)), new byte[10]);

        try (Journal reopened = open()) {
            assertThat(files(".free")).hasSize(Journal.KEPT_FREE);
            assertThat(reopened.bytes()).isEqualTo(Journal.KEPT_FREE * SEGMENT);
        }
    }

    /** A record of the first format, as an older store wrote it. */
    private static byte[] encodeV1(long seq, byte type, byte[] payload) {
        ByteBuffer buffer = ByteBuffer.allocate(RecordFormat.HEADER_V1 + payload.length);
        buffer.putInt(RecordFormat.MAGIC_V1)
                .putInt(payload.length)
                .putInt(0)
                .putLong(seq)
                .put(type)
                .put(payload);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 12, RecordFormat.HEADER_V1 - 12 + payload.length);
        buffer.putInt(8, (int) crc.getValue());
        return buffer.array();
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
