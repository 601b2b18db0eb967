package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.docingest.document.FileIds;
import io.docingest.extract.ExtractorProcesses;
import io.docingest.support.DamagedFiles;
import io.docingest.support.Fixtures;
import io.docingest.support.RunningDaemon;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pages are read in extractor processes (ingest.extract.isolation: processes): a process killed
 * mid-page or run out of heap costs its batch a second try on another process, a document that
 * kills two is parked with the reason, a page over its deadline has its process stopped, and
 * the daemon and the documents beside it go on. The processes here get a 96 MiB heap, so a page
 * of one 10000×10000 grey image (100 MB decoded) exhausts it for real, and pages 4 s each
 * (Tesseract's own limit left at a minute, so only the kill can end a page sooner).
 */
class ExtractorIsolationTest {

    private static RunningDaemon daemon;
    private static ExtractorProcesses extractors;

    @BeforeAll
    static void start() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("ingest.extract.jvm-options", "-Xmx96m -XX:+UseSerialGC");
        settings.setProperty("ingest.pages.batch-size", "8");  // a document's pages on one process
        settings.setProperty("ingest.extract.page-deadline-ms", "4000");
        settings.setProperty("ingest.limits.ocr-page-timeout-ms", "60000");
        daemon = new RunningDaemon("isolation", settings);
        extractors = daemon.camel().getRegistry().lookupByNameAndType("extractorProcesses", ExtractorProcesses.class);
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
    }

    @BeforeEach
    void emptyDeadLetterQueue() throws Exception {
        daemon.drainDeadLetters();
    }

    /**
     * Documents one after another are read by the process that read the last one, warm from it,
     * while the others (the priority lane's spare among them) stay idle: lent round the pool, each
     * batch went to the coldest, and every process compiled PDFBox's code for itself.
     */
    @Test
    void documentsOneAfterAnotherAreReadByTheSameWarmProcess() throws Exception {
        Map<Long, Long> before = extractors.batchesLent();
        for (int i = 1; i <= 4; i++) {
            String key = "files/isolation/one-after-another-" + i + ".pdf";
            daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("One after another, number " + i))));
            daemon.deliver(daemon.transformedEvent(key));
        }
        Map<Long, Long> lent = new HashMap<>(extractors.batchesLent());
        lent.replaceAll((pid, count) -> count - before.getOrDefault(pid, 0L));
        lent.values().removeIf(count -> count == 0);
        assertThat(lent).as("batches lent to each process, by pid").hasSize(1).containsValue(4L);
    }

    @Test
    void anExtractorKilledMidPageCostsItsBatchASecondTryAndTheDocumentIndexesWhole() throws Exception {
        String slow = "files/isolation/killed-once.pdf";
        String beside = "files/isolation/beside-once.pdf";
        daemon.putObject(slow, Fixtures.scannedPdf(pages(6, "killed once")));
        daemon.putObject(beside, Fixtures.scannedPdf(List.of(List.of("隣の文書", "the document beside"))));
        double deathsBefore = daemon.metric("ingest_extractor_deaths_total", "reason=\"SIGKILL\"");

        NotifyBuilder done = daemon.messagesDone(2);
        daemon.send(daemon.transformedEvent(slow));
        daemon.send(daemon.transformedEvent(beside));
        long killed = killWhileReading(FileIds.fileId(slow), -1);
        RunningDaemon.await(done);

        JsonNode file = daemon.get("files", FileIds.fileId(slow)).path("_source");
        for (int page = 1; page <= 6; page++) {
            assertThat(file.path("content").asText()).contains("killed once page " + page);
        }
        assertThat(file.path("pages_failed").asInt()).isZero();
        assertThat(daemon.get("status", FileIds.fileId(beside)).path("_source").path("status").asText()).isEqualTo("indexed");
        assertThat(daemon.drainDeadLetters()).isEmpty();
        assertThat(ProcessHandle.of(killed).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        assertThat(daemon.metric("ingest_extractor_deaths_total", "reason=\"SIGKILL\"") - deathsBefore).isEqualTo(1.0);
        assertThat(daemon.camel().getStatus()).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void aDocumentThatKillsTwoExtractorsIsParkedWithTheSignalAndThePage() throws Exception {
        String slow = "files/isolation/killed-twice.pdf";
        String beside = "files/isolation/beside-twice.pdf";
        daemon.putObject(slow, Fixtures.scannedPdf(pages(6, "killed twice")));
        daemon.putObject(beside, Fixtures.scannedPdf(List.of(List.of("二度目の隣", "second neighbour"))));

        NotifyBuilder done = daemon.messagesDone(2);
        daemon.send(daemon.transformedEvent(slow));
        daemon.send(daemon.transformedEvent(beside));
        long first = killWhileReading(FileIds.fileId(slow), -1);
        killWhileReading(FileIds.fileId(slow), first);
        RunningDaemon.await(done);

        List<JsonNode> parked = daemon.drainDeadLetters();
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).path("event").path("s3Key").asText()).isEqualTo(slow);
        assertThat(parked.get(0).path("error").path("message").asText()).matches("crashed the extractor twice: SIGKILL on page \\d");
        assertThat(parked.get(0).path("error").path("kind").asText()).isEqualTo("permanent");
        assertThat(daemon.get("status", FileIds.fileId(slow)).path("_source").path("status").asText()).isEqualTo("failed");
        assertThat(daemon.get("status", FileIds.fileId(beside)).path("_source").path("status").asText()).isEqualTo("indexed");
    }

    @Test
    void aPageThatExhaustsTheExtractorsHeapParksItsDocumentAndTheNextDocumentIndexes() throws Exception {
        String heavy = "files/isolation/out-of-memory.pdf";
        String next = "files/isolation/after-out-of-memory.pdf";
        daemon.putObject(heavy, DamagedFiles.greyScanPdf(10_000, List.of("never reached")));
        daemon.putObject(next, Fixtures.scannedPdf(List.of(List.of("メモリ不足の後", "after the heap ran out"))));
        double deathsBefore = daemon.metric("ingest_extractor_deaths_total", "reason=\"out of memory\"");

        NotifyBuilder done = daemon.messagesDone(2);
        daemon.send(daemon.transformedEvent(heavy));
        daemon.send(daemon.transformedEvent(next));
        RunningDaemon.await(done);

        List<JsonNode> parked = daemon.drainDeadLetters();
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).path("error").path("message").asText()).isEqualTo("crashed the extractor twice: out of memory on page 1");
        assertThat(daemon.metric("ingest_extractor_deaths_total", "reason=\"out of memory\"") - deathsBefore).isEqualTo(2.0);
        JsonNode after = daemon.get("files", FileIds.fileId(next)).path("_source");
        assertThat(after.path("content").asText()).contains("after the heap ran out");
        assertThat(extractors.replaced()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aPageOverItsDeadlineHasItsExtractorStoppedAndIsFailedWhileTheNextPageIndexes() throws Exception {
        String key = "files/isolation/runaway.pdf";
        daemon.putObject(key, DamagedFiles.noiseScanPdf(3500, 4950, List.of("暴走の後のページ", "the page after the runaway")));
        double overranBefore = daemon.metric("ingest_extractor_deaths_total", "reason=\"overran\"");

        daemon.deliver(daemon.transformedEvent(key));

        JsonNode file = daemon.get("files", FileIds.fileId(key)).path("_source");
        assertThat(file.path("content").asText()).contains("the page after the runaway");
        JsonNode first = file.path("pages").get(0);
        assertThat(first.path("source").asText()).isEqualTo("failed");
        assertThat(first.path("error").asText())
                .isEqualTo("page 1 took longer than ingest.extract.page-deadline-ms (4000 ms): its extractor was stopped");
        assertThat(daemon.metric("ingest_extractor_deaths_total", "reason=\"overran\"") - overranBefore).isEqualTo(1.0);
        assertThat(daemon.drainDeadLetters()).isEmpty();
    }

    private static List<List<String>> pages(int count, String label) {
        List<List<String>> pages = new ArrayList<>();
        for (int page = 1; page <= count; page++) {
            pages.add(List.of(label + " page " + page, "頁 " + page + " の本文です", "Line two of page " + page,
                    "Line three of page " + page, "四行目の文章 " + page));
        }
        return pages;
    }

    /**
     * Waits until a process other than {@code not} is reading page 2 or later of {@code fileId}
     * (earlier pages already done: the retry must keep them), kills it with SIGKILL and returns its pid.
     */
    private static long killWhileReading(String fileId, long not) {
        long pid = await().atMost(2, TimeUnit.MINUTES).pollInterval(10, TimeUnit.MILLISECONDS)
                .until(() -> extractors.atWork().stream()
                        .filter(work -> work.fileId().equals(fileId) && work.page() >= 2 && work.pid() != not)
                        .mapToLong(ExtractorProcesses.Work::pid).findFirst(), java.util.OptionalLong::isPresent)
                .getAsLong();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        return pid;
    }
}
