package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.config.YamlConfig;
import io.docingest.document.FileIds;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The NAS-folder source on a real directory tree: files written slowly into nested folders are
 * each indexed once and only when complete, and a restart does not take them again; in local
 * mode, uploads are kept in that folder and taken from there.
 */
class NasFolderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void slowWritesInNestedFoldersAreIndexedOnceWhenCompleteAndNotAgainAfterARestart() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Properties props = nasSource(inbox, 1500);
        LocalServers.Queues queues = LocalServers.get().createQueues("nas", 3);

        byte[] estimate = Fixtures.bornDigitalPdf(List.of(List.of("御見積書 経理部", "Estimate for the accounting office move")));
        byte[] minutes = Fixtures.bornDigitalPdf(List.of(List.of("議事録 営業部", "Minutes of the sales meeting")));
        try (RunningDaemon daemon = new RunningDaemon("nas", props, queues, Path.of("config"), "test")) {
            Files.write(Files.createDirectories(inbox.resolve("営業/2026")).resolve("minutes.pdf"), minutes);
            Files.write(inbox.resolve("営業/2026/.~lock.minutes.pdf"), minutes);  // excluded: a hidden lock file
            // Written in five parts, 700 ms apart: a poller that took files as soon as it saw them
            // would take a truncated PDF (and park it as corrupt); each pause is shorter than the
            // stable-for window, the whole write longer.
            writeSlowly(Files.createDirectories(inbox.resolve("経理/見積")).resolve("estimate.pdf"), estimate, 5, 700);

            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.metric("ingest_documents_total", "outcome=\"indexed\"") == 2);
            assertThat(daemon.metric("ingest_documents_total", "outcome=\"failed\"")).isZero();
            String content = daemon.get("files", FileIds.fileId("nas/経理/見積/estimate.pdf")).path("_source").path("content").asText();
            assertThat(content).contains("御見積書").contains("accounting office move");
            assertThat(daemon.get("files", FileIds.fileId("nas/営業/2026/minutes.pdf")).path("_source").path("source").asText()).isEqualTo("nas");
        }

        try (RunningDaemon restarted = new RunningDaemon("nas", props, queues, Path.of("config"), "test")) {
            Files.write(inbox.resolve("経理/見積/invoice.pdf"),
                    Fixtures.bornDigitalPdf(List.of(List.of("請求書", "Invoice written after the restart"))));
            await().atMost(1, TimeUnit.MINUTES).until(() -> restarted.metric("ingest_documents_total", "outcome=\"indexed\"") == 1);
            // No work on the two earlier files: the persistent repository remembered them (a file first
            // listed mid-write may be remembered under its size then, and costs one status lookup).
            assertThat(restarted.metric("ingest_queue_lag_seconds_count")).as("documents started").isEqualTo(1);
            assertThat(restarted.metric("ingest_pages_total")).as("pages extracted: the invoice's only").isEqualTo(1);
            assertThat(restarted.get("files", FileIds.fileId("nas/営業/2026/.~lock.minutes.pdf")).path("found").asBoolean())
                    .as("the lock file was never taken").isFalse();
        }
    }

    @Test
    void withMoveAfterSuccessAnIndexedFileGoesUnderDoneAndAParkedOneStays() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Properties props = nasSource(inbox, 500);
        props.setProperty("ingest.nas.after-success", "move");
        try (RunningDaemon daemon = nasDaemon("nasmove", props)) {
            Files.write(Files.createDirectories(inbox.resolve("総務")).resolve("notice.pdf"),
                    Fixtures.bornDigitalPdf(List.of(List.of("お知らせ", "Office notice to be moved after indexing"))));
            Files.write(inbox.resolve("総務/broken.pdf"), "%PDF-1.4\nnot really".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            Files.write(inbox.resolve("総務/drawing.xdw"), Fixtures.docuWorks());

            Files.write(inbox.resolve("総務/empty.pdf"), new byte[0]);

            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.metric("ingest_documents_total", "outcome=\"indexed\"") == 2
                    && daemon.metric("ingest_documents_total", "outcome=\"failed\"") == 1
                    && daemon.metric("ingest_documents_total", "outcome=\"skipped\"") == 1);
            await().atMost(10, TimeUnit.SECONDS).until(() -> Files.exists(inbox.resolve(".done/総務/notice.pdf"))
                    && Files.exists(inbox.resolve(".done/総務/drawing.xdw")));
            assertThat(inbox.resolve("総務/notice.pdf")).doesNotExist();
            assertThat(inbox.resolve("総務/drawing.xdw")).as("indexed by name, so moved like the rest").doesNotExist();
            assertThat(inbox.resolve("総務/broken.pdf")).as("a parked file stays to be fixed").exists();
            assertThat(inbox.resolve("総務/empty.pdf")).as("a skipped file stays on the share").exists();
        }
    }

    @Test
    void aSymbolicLinkInTheShareIsNotFollowed() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        Files.write(elsewhere.resolve("private.pdf"), Fixtures.bornDigitalPdf(List.of(List.of("Not on the share"))));
        try (RunningDaemon daemon = nasDaemon("naslinks", nasSource(inbox, 300))) {
            Files.createSymbolicLink(inbox.resolve("linked.pdf"), elsewhere.resolve("private.pdf"));
            Files.createSymbolicLink(inbox.resolve("linked-folder"), elsewhere);
            Files.write(inbox.resolve("real.pdf"), Fixtures.bornDigitalPdf(List.of(List.of("On the share itself"))));

            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.metric("ingest_documents_total") == 1);
            // Polled every 200 ms: over three seconds the links would have been taken by now.
            await().during(3, TimeUnit.SECONDS).atMost(5, TimeUnit.SECONDS)
                    .until(() -> daemon.metric("ingest_documents_total") == 1);
            assertThat(daemon.status(FileIds.fileId("nas/real.pdf")).path("status").asText()).isEqualTo("indexed");
            assertThat(daemon.get("files", FileIds.fileId("nas/linked.pdf")).path("found").asBoolean()).isFalse();
            assertThat(daemon.get("files", FileIds.fileId("nas/linked-folder/private.pdf")).path("found").asBoolean()).isFalse();
        }
    }

    @Test
    void anEmptyFileDroppedInTheFolderIsRecordedAsSkipped() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        try (RunningDaemon daemon = nasDaemon("nasempty", nasSource(inbox, 300))) {
            Files.write(inbox.resolve("empty.pdf"), new byte[0]);
            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.metric("ingest_documents_total", "outcome=\"skipped\"") == 1);
            JsonNode status = daemon.status(FileIds.fileId("nas/empty.pdf"));
            assertThat(status.path("status").asText()).isEqualTo("skipped");
            assertThat(status.path("reason").asText()).contains("the file is empty");
        }
    }

    @Test
    void inLocalModeAnUploadIsKeptInTheFolderWithItsProcessorTypeAndIndexedFromThere() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Properties props = nasSource(inbox, 500);
        // The local profile's choice of sources: the folder, and uploads kept in it.
        props.setProperty("ingest.sources.enabled",
                YamlConfig.load(Path.of("config"), "local").getProperty("ingest.sources.enabled"));
        byte[] scan = Fixtures.scannedPdf(List.of(List.of("御見積書", "Quotation for the office move")));
        try (RunningDaemon daemon = nasDaemon("nasupload", props)) {
            HttpResponse<String> response = daemon.upload("quote.pdf", scan, "english");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            JsonNode receipt = JSON.readTree(response.body());
            String id = receipt.path("id").asText();
            String key = receipt.path("key").asText();
            assertThat(key).matches("nas/uploads/[0-9a-f-]{36}/quote\\.pdf");
            assertThat(id).isEqualTo(FileIds.fileId(key));

            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.status(id).path("status").asText().equals("indexed"));
            JsonNode file = daemon.get("files", id).path("_source");
            assertThat(file.path("source").asText()).isEqualTo("nas");
            assertThat(file.path("processor_type").asText()).as("kept as the file's extended attribute").isEqualTo("english");
            assertThat(file.path("ocr_languages").asText()).isEqualTo("eng");
            assertThat(file.path("content").asText()).contains("Quotation").doesNotContain("見積書");
            assertThat(inbox.resolve(key.substring("nas/".length()))).exists();

            HttpResponse<String> notTaken = daemon.upload("archive.zip", scan, null);
            assertThat(notTaken.statusCode()).isEqualTo(400);
            assertThat(notTaken.body()).contains("does not take files named 'archive.zip'");
            assertThat(daemon.upload("quote.pdf", scan, "fast-lane").statusCode()).as("unknown type").isEqualTo(400);
            try (var kept = Files.list(inbox.resolve("uploads"))) {
                assertThat(kept.count()).as("refused uploads leave nothing behind").isEqualTo(1);
            }
        }
    }

    @Test
    void aDrainStopsTakingFilesAndLetsTheDocumentInFlightFinish() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Properties props = nasSource(inbox, 300);
        props.setProperty("ingest.pages.batch-size", "1");
        props.setProperty("ingest.pages.parallelism", "1");
        List<List<String>> pages = new java.util.ArrayList<>();
        for (int page = 1; page <= 8; page++) {
            pages.add(List.of("保存文書 " + page, "Archived page " + page));
        }
        try (RunningDaemon daemon = nasDaemon("nasdrain", props)) {
            Files.write(inbox.resolve("archive.pdf"), Fixtures.scannedPdf(pages));
            String id = FileIds.fileId("nas/archive.pdf");
            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.status(id).path("status").asText().equals("processing"));

            daemon.camel().getRegistry().lookupByNameAndType("drainer", io.docingest.ops.Drainer.class).drain("test");

            assertThat(daemon.status(id).path("status").asText()).as("the drain waited for it").isEqualTo("indexed");
            assertThat(daemon.consumerSuspended("source-nas-folder")).isTrue();
        }
    }

    @Test
    void withMirroredDeletionsAFileDeletedFromTheShareLeavesTheIndexButAnEmptiedShareIsTakenForAnUnmountedOne() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Properties props = nasSource(inbox, 300);
        props.setProperty("ingest.nas.mirror.deletions", "true");
        props.setProperty("ingest.nas.mirror.interval-ms", "500");
        try (RunningDaemon daemon = nasDaemon("nasmirror", props)) {
            Path kept = Files.createDirectories(inbox.resolve("総務")).resolve("kept.pdf");
            Path deleted = inbox.resolve("総務/deleted.pdf");
            Files.write(kept, Fixtures.bornDigitalPdf(List.of(List.of("Kept on the share"))));
            Files.write(deleted, Fixtures.bornDigitalPdf(List.of(List.of("Deleted from the share"))));
            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.metric("ingest_documents_total", "outcome=\"indexed\"") == 2);

            Files.delete(deleted);
            String deletedId = FileIds.fileId("nas/総務/deleted.pdf");
            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.status(deletedId).path("status").asText().equals("deleted"));
            // The status is written first, then the documents go (ARCHITECTURE.md, "Versions and deletions").
            await().atMost(30, TimeUnit.SECONDS).until(() -> !daemon.get("files", deletedId).path("found").asBoolean()
                    && daemon.search("chunks", "{\"query\":{\"term\":{\"file_id\":\"" + deletedId + "\"}}}")
                    .path("hits").path("total").path("value").asInt() == 0);
            String keptId = FileIds.fileId("nas/総務/kept.pdf");
            assertThat(daemon.get("files", keptId).path("found").asBoolean()).isTrue();

            // Everything gone at once, as when the share is not mounted: two sweeps later, nothing removed.
            Files.delete(kept);
            Files.delete(kept.getParent());
            org.apache.camel.builder.NotifyBuilder sweeps = new org.apache.camel.builder.NotifyBuilder(daemon.camel())
                    .fromRoute("source-nas-deletions").whenDone(2).create();
            RunningDaemon.await(sweeps);
            assertThat(daemon.status(keptId).path("status").asText()).isEqualTo("indexed");
            assertThat(daemon.get("files", keptId).path("found").asBoolean()).isTrue();
        }
    }

    /** The daemon with the NAS source on (and the sources that need other servers off), watching {@code inbox}. */
    /**
     * With outputs beside the originals, a scan's searchable copy and results lie next to it on
     * the share (report.pdf → report.ocr.pdf, fax.tif → fax.tif.ocr.pdf), the original untouched,
     * and the poller never takes an output as a new file: a file dropped after them is the only
     * other document started. A file deleted from the share takes its outputs with it.
     */
    @Test
    void withOutputsBesideTheOriginalsEachCopyLiesNextToItsFileAndIsNeverTakenItself() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Properties props = outputsBeside(inbox);
        props.setProperty("ingest.nas.mirror.deletions", "true");
        props.setProperty("ingest.nas.mirror.interval-ms", "500");
        try (RunningDaemon daemon = nasDaemon("nasbeside", props)) {
            Path folder = Files.createDirectories(inbox.resolve("経理/2026"));
            byte[] scan = Fixtures.scannedPdf(List.of(List.of("請求書 経理部", "Invoice kept in the archive")));
            Files.write(folder.resolve("report.pdf"), scan);
            Files.write(folder.resolve("fax.tif"), Fixtures.multiPageTiff(List.of(List.of("Fax cover", "Delivery schedule attached"))));
            await().atMost(2, TimeUnit.MINUTES).until(() -> daemon.metric("ingest_documents_total", "outcome=\"indexed\"") == 2);

            assertThat(text(folder.resolve("report.ocr.pdf"))).contains("Invoice");
            assertThat(text(folder.resolve("fax.tif.ocr.pdf"))).contains("Delivery");
            assertThat(JSON.readTree(folder.resolve("report.ocr.json").toFile()).path("key").asText()).isEqualTo("nas/経理/2026/report.pdf");
            assertThat(Files.readAllBytes(folder.resolve("report.pdf"))).as("the original, untouched").isEqualTo(scan);

            Files.write(folder.resolve("memo.pdf"), Fixtures.bornDigitalPdf(List.of(List.of("メモ", "Memo dropped after the outputs"))));
            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.metric("ingest_documents_total", "outcome=\"indexed\"") == 3);
            assertThat(daemon.metric("ingest_queue_lag_seconds_count")).as("documents started: the three originals only").isEqualTo(3);
            assertThat(daemon.get("files", FileIds.fileId("nas/経理/2026/report.ocr.pdf")).path("found").asBoolean()).isFalse();
            try (var names = Files.list(folder)) {
                assertThat(names.map(name -> name.getFileName().toString())).containsExactlyInAnyOrder("report.pdf", "report.ocr.pdf",
                        "report.ocr.json", "fax.tif", "fax.tif.ocr.pdf", "fax.tif.ocr.json", "memo.pdf", "memo.ocr.pdf", "memo.ocr.json");
            }
            // Uploaded under such a name it would never be taken: refused at once.
            HttpResponse<String> refused = daemon.upload("scan.ocr.pdf", scan, null);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("outputs named as beside their originals");

            Files.delete(folder.resolve("fax.tif"));
            await().atMost(1, TimeUnit.MINUTES).untilAsserted(() -> {
                try (var names = Files.list(folder)) {
                    assertThat(names.map(name -> name.getFileName().toString())).containsExactlyInAnyOrder("report.pdf",
                            "report.ocr.pdf", "report.ocr.json", "memo.pdf", "memo.ocr.pdf", "memo.ocr.json");
                }
            });
            assertThat(daemon.status(FileIds.fileId("nas/経理/2026/fax.tif")).path("status").asText()).isEqualTo("deleted");
        }
    }

    /**
     * With originals replaced, a scanned PDF on the share becomes its searchable copy under its own
     * name (its results beside it; an image's copy beside it too, and a signed PDF's, which a copy
     * would break), and the copy, taken again as the new version it is, costs no OCR, not even on
     * its page that holds almost no text, and is not replaced again: a file dropped after it is the
     * only other document started.
     */
    @Test
    void withOriginalsReplacedAScanBecomesItsSearchableCopyOnceAndIsNotReplacedAgain() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        Properties props = outputsBeside(inbox);
        props.setProperty("ingest.nas.replace-originals", "true");
        try (RunningDaemon daemon = nasDaemon("nasreplace", props)) {
            byte[] scan = Fixtures.scannedPdf(List.of(List.of("契約書 第三条", "Contract signed in Osaka"), List.of("OK")));
            byte[] fax = Fixtures.multiPageTiff(List.of(List.of("Fax cover", "Delivery schedule attached")));
            byte[] signed = Fixtures.signed(Fixtures.scannedPdf(List.of(List.of("Signed agreement", "Both parties agree"))));
            Path contract = inbox.resolve("contract.pdf");
            Files.write(contract, scan);
            Files.write(inbox.resolve("fax.tif"), fax);
            Files.write(inbox.resolve("signed.pdf"), signed);
            // The scan, the fax, the signed scan, and the scan's copy read again as the scan's new version.
            await().atMost(2, TimeUnit.MINUTES).until(() -> daemon.metric("ingest_documents_total", "outcome=\"indexed\"") == 4);

            byte[] copy = Files.readAllBytes(contract);
            assertThat(copy).as("the original replaced").isNotEqualTo(scan);
            assertThat(text(contract)).contains("Osaka");
            assertThat(Files.readAllBytes(inbox.resolve("fax.tif"))).as("an image stays").isEqualTo(fax);
            assertThat(text(inbox.resolve("fax.tif.ocr.pdf"))).contains("Delivery");
            assertThat(Files.readAllBytes(inbox.resolve("signed.pdf"))).as("a signed PDF stays").isEqualTo(signed);
            assertThat(text(inbox.resolve("signed.ocr.pdf"))).contains("agreement");
            assertThat(JSON.readTree(inbox.resolve("contract.ocr.json").toFile()).path("key").asText()).isEqualTo("nas/contract.pdf");
            assertThat(daemon.metric("ingest_pages_total", "kind=\"ocr\"")).as("pages OCR'd: the scan's two, the fax's, the signed "
                    + "scan's, not the copy's").isEqualTo(4);
            assertThat(daemon.get("files", FileIds.fileId("nas/contract.pdf")).path("_source").path("content").asText()).contains("Osaka");

            Files.write(inbox.resolve("memo.pdf"), Fixtures.bornDigitalPdf(List.of(List.of("Memo dropped after the copy"))));
            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.metric("ingest_documents_total", "outcome=\"indexed\"") == 5);
            assertThat(daemon.metric("ingest_queue_lag_seconds_count")).as("documents started: the four files and the copy").isEqualTo(5);
            assertThat(Files.readAllBytes(contract)).as("the copy, not replaced again").isEqualTo(copy);
            try (var names = Files.list(inbox)) {
                assertThat(names.map(name -> name.getFileName().toString())).containsExactlyInAnyOrder("contract.pdf", "contract.ocr.json",
                        "fax.tif", "fax.tif.ocr.pdf", "fax.tif.ocr.json", "signed.pdf", "signed.ocr.pdf", "signed.ocr.json", "memo.pdf",
                        "memo.ocr.json");
            }
        }
    }

    private static String text(Path pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            return new PDFTextStripper().getText(doc);
        }
    }

    /** A daemon with the share as a source, on queues of its own, with the shipped configuration and the test profile. */
    private static RunningDaemon nasDaemon(String name, Properties props) throws Exception {
        return new RunningDaemon(name, props, LocalServers.get().createQueues(name, 3), Path.of("config"), "test");
    }

    /** The share as a source, every document's searchable copy and results written beside it. */
    private Properties outputsBeside(Path inbox) {
        Properties props = nasSource(inbox, 300);
        props.setProperty("ingest.processor-types.default.output", "searchable-pdf,results");
        props.setProperty("ingest.nas.outputs-beside", "true");
        return props;
    }

    private Properties nasSource(Path inbox, int stableForMs) {
        Properties props = new Properties();
        props.setProperty("ingest.sources.enabled", "sqs,priority-queue,nas,upload-to-folder,backfill");
        props.setProperty("ingest.nas.dir", inbox.toString());
        props.setProperty("ingest.nas.seen-files", work.resolve("seen-files.dat").toString());
        props.setProperty("ingest.nas.stable-for-ms", String.valueOf(stableForMs));
        props.setProperty("ingest.nas.poll-delay-ms", "200");
        return props;
    }

    /**
     * A slow writer on a share: the parts appended {@code pauseMillis} apart by a scheduler of its
     * own, in order, while the test goes on to wait for the daemon's outcome.
     */
    private static void writeSlowly(Path file, byte[] content, int parts, long pauseMillis) throws Exception {
        Files.write(file, new byte[0]);
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        int step = (content.length + parts - 1) / parts;
        for (int offset = 0, part = 0; offset < content.length; offset += step, part++) {
            byte[] chunk = java.util.Arrays.copyOfRange(content, offset, Math.min(offset + step, content.length));
            writer.schedule(() -> Files.write(file, chunk, StandardOpenOption.APPEND), part * pauseMillis, TimeUnit.MILLISECONDS);
        }
        writer.shutdown();  // runs what is scheduled, then ends
    }
}
