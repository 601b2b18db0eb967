package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.docingest.document.FileIds;
import io.docingest.support.DamagedFiles;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input a NAS can hold, each ending with a clear, recorded outcome read back
 * from the dead-letter queue or the skip record, and none stopping the worker: after all of them
 * a good document still indexes.
 */
class BadInputTest {

    private static RunningDaemon daemon;

    @BeforeAll
    static void start() throws Exception {
        Properties limits = new Properties();
        limits.setProperty("ingest.limits.max-pages", "5");
        limits.setProperty("ingest.limits.max-object-bytes", "2000000");
        daemon = new RunningDaemon("badinput", limits);
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
    }

    @BeforeEach
    void emptyDeadLetterQueue() throws Exception {
        daemon.drainDeadLetters();
    }

    @Test
    void emptyFileIsSkippedAsEmpty() throws Exception {
        assertSkipped("files/bad/empty.pdf", new byte[0], "the file is empty");
    }

    @Test
    void aFileWithoutAReaderIsIndexedByNameSayingWhy() throws Exception {
        String key = "files/bad/notes.pdf";
        // Binary, and neither a PDF nor a format with a reader, whatever its name says.
        byte[] junk = new byte[26];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (i * 37);
        }
        daemon.putObject(key, junk);
        assertThat(deliver(daemon.transformedEvent(key))).isEmpty();
        assertThat(daemon.get("status", FileIds.fileId(key)).path("_source").path("status").asText()).isEqualTo("indexed");
        JsonNode file = daemon.get("files", FileIds.fileId(key)).path("_source");
        assertThat(file.path("content_state").asText()).isEqualTo("no-reader");
        assertThat(file.path("content_reason").asText())
                .isEqualTo("named as application/pdf, but its content is not");
        assertThat(file.path("file_size").asLong()).isEqualTo(26);
        assertThat(file.path("chunk_count").asInt()).isZero();
    }

    @Test
    void truncatedPdfIsParked() throws Exception {
        byte[] pdf = Fixtures.bornDigitalPdf(List.of(List.of("cut short")));
        assertParked("files/bad/truncated.pdf", Arrays.copyOf(pdf, pdf.length / 2), "CorruptDocumentException", "PDF cannot be parsed");
    }

    @Test
    void aPdfCutOffAFewKilobytesInIsParkedAsTruncatedNotIndexedBlank() throws Exception {
        byte[] scan = Fixtures.scannedPdf(List.of(List.of("one"), List.of("two"), List.of("three"), List.of("four")));
        assertParked("files/bad/cut-early.pdf", DamagedFiles.cut(scan, 3000), "CorruptDocumentException", "it is truncated");
    }

    @Test
    void aPdfCutOffMidStreamIsParkedAsTruncated() throws Exception {
        byte[] scan = Fixtures.scannedPdf(List.of(List.of("一ページ目", "first page"), List.of("second page")));
        assertParked("files/bad/cut-mid-stream.pdf", DamagedFiles.cutMidStream(scan), "CorruptDocumentException", "it is truncated");
    }

    @Test
    void aPdfWithABrokenCrossReferenceIsRepairedAndIndexedSayingSo() throws Exception {
        String key = "files/bad/broken-xref.pdf";
        daemon.putObject(key, DamagedFiles.brokenXref(Fixtures.bornDigitalPdf(List.of(List.of("修理された文書", "Repaired cross reference")))));
        assertThat(deliver(daemon.transformedEvent(key))).isEmpty();
        JsonNode file = daemon.get("files", FileIds.fileId(key)).path("_source");
        assertThat(file.path("content").asText()).contains("Repaired cross reference");
        assertThat(file.path("repaired").asText()).startsWith("damaged structure repaired");
        assertThat(daemon.get("status", FileIds.fileId(key)).path("_source").path("repaired").asText()).isNotEmpty();
    }

    @Test
    void aPageHoldingAFortyThousandSquareImageFailsOnItsBudgetAndTheOtherPageIndexes() throws Exception {
        String key = "files/bad/huge-image.pdf";
        daemon.putObject(key, DamagedFiles.hugeImagePdf(40_000, List.of("二ページ目は読める", "The second page is readable")));
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        java.lang.management.ManagementFactory.getMemoryPoolMXBeans().forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
        assertThat(deliver(daemon.transformedEvent(key))).isEmpty();
        long peak = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        JsonNode file = daemon.get("files", FileIds.fileId(key)).path("_source");
        assertThat(file.path("content").asText()).contains("The second page is readable");
        JsonNode first = file.path("pages").get(0);
        assertThat(first.path("source").asText()).isEqualTo("failed");
        assertThat(first.path("error").asText()).contains("40000x40000").contains("ingest.limits.max-pixels-per-page");
        // Decoding it would take 200 MB packed, 1.6 GB as grey: the heap never saw it.
        assertThat(peak - before).as("heap growth while the document ran").isLessThan(150L << 20);
    }

    @Test
    void encryptedPdfIsParked() throws Exception {
        assertParked("files/bad/encrypted.pdf", Fixtures.encryptedPdf(), "CorruptDocumentException", "encrypted with a user password");
    }

    @Test
    void pdfWithoutPagesIsParked() throws Exception {
        assertParked("files/bad/no-pages.pdf", Fixtures.zeroPagePdf(), "PermanentFailureException", "no pages");
    }

    @Test
    void pdfOverThePageLimitIsParked() throws Exception {
        List<List<String>> pages = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            pages.add(List.of("page " + i));
        }
        assertParked("files/bad/too-long.pdf", Fixtures.bornDigitalPdf(pages), "LimitExceededException", "over ingest.limits.max-pages (5)");
    }

    @Test
    void pngDeclaringSixtyThousandSquarePixelsIsParkedUndecoded() throws Exception {
        assertParked("files/bad/bomb.png", Fixtures.pngDeclaring(60000, 60000), "LimitExceededException", "60000x60000");
    }

    @Test
    void objectOverTheSizeLimitIsParkedEvenWhenTheEventUnderstatesIt() throws Exception {
        byte[] big = new byte[2_500_000];
        System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, big, 0, 9);
        assertParked("files/bad/huge.pdf", big, "LimitExceededException", "over ingest.limits.max-object-bytes");
    }

    @Test
    void eventForAMissingObjectIsParked() throws Exception {
        String key = "files/bad/never-uploaded.pdf";
        List<JsonNode> parked = deliver("{\"s3Bucket\":\"" + LocalServers.LANDING + "\",\"s3Key\":\"" + key
                + "\",\"fileSize\":10,\"etag\":\"0123\",\"eventTime\":\"2026-11-26T00:00:00Z\"}");
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).path("error").path("message").asText()).contains("object is gone").contains(key);
        assertThat(parked.get(0).path("error").path("kind").asText()).isEqualTo("permanent");
        assertThat(parked.get(0).path("error").path("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void keyWithDotDotSegmentsIsOnlyAName() throws Exception {
        // Real S3 stores any key; this S3 server refuses keys with '..', so the event names one it
        // never stored. The key travels as data (into the envelope), never into a file path.
        String key = "files/../../etc/passwd";
        List<JsonNode> parked = deliver("{\"s3Bucket\":\"" + LocalServers.LANDING + "\",\"s3Key\":\"" + key
                + "\",\"fileSize\":10,\"etag\":\"0123\",\"eventTime\":\"2026-11-26T00:00:00Z\"}");
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).path("event").path("s3Key").asText()).isEqualTo(key);
        assertThat(parked.get(0).path("error").path("kind").asText()).isEqualTo("permanent");
        assertThat(parked.get(0).path("error").path("attempts").asInt()).isEqualTo(1);
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("/etc/passwd"))).doesNotContain("%PDF");
    }

    @Test
    void theWorkerStillIndexesAfterBadInput() throws Exception {
        truncatedPdfIsParked();
        String key = "files/good/after-bad.pdf";
        daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("good document after a bad one"))));
        assertThat(deliver(daemon.transformedEvent(key))).isEmpty();
        assertThat(daemon.get("status", FileIds.fileId(key)).path("_source").path("status").asText()).isEqualTo("indexed");
    }

    private static void assertSkipped(String key, byte[] content, String reason) throws Exception {
        daemon.putObject(key, content);
        assertThat(deliver(daemon.transformedEvent(key))).isEmpty();
        JsonNode record = daemon.get("status", FileIds.fileId(key)).path("_source");
        assertThat(record.path("status").asText()).isEqualTo("skipped");
        assertThat(record.path("reason").asText()).contains(reason);
    }

    private static void assertParked(String key, byte[] content, String errorClass, String reason) throws Exception {
        daemon.putObject(key, content);
        List<JsonNode> parked = deliver(daemon.transformedEvent(key));
        assertThat(parked).hasSize(1);
        JsonNode error = parked.get(0).path("error");
        assertThat(error.path("class").asText()).endsWith(errorClass);
        assertThat(error.path("message").asText()).contains(reason);
        assertThat(error.path("kind").asText()).isEqualTo("permanent");
        assertThat(error.path("attempts").asInt()).isEqualTo(1);
        assertThat(parked.get(0).path("event").path("s3Key").asText()).isEqualTo(key);
        JsonNode record = daemon.get("status", FileIds.fileId(key)).path("_source");
        assertThat(record.path("status").asText()).isEqualTo("failed");
        assertThat(record.path("reason").asText()).contains(reason);
    }

    /** Delivers one event and returns what it left in the dead-letter queue. */
    private static List<JsonNode> deliver(String event) throws Exception {
        daemon.deliver(event);
        return daemon.drainDeadLetters();
    }
}
