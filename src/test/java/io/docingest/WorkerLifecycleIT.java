package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.docingest.document.FileIds;
import io.docingest.support.DaemonProcess;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers.Queues;
import io.docingest.support.LocalServers;
import io.docingest.support.MetadataServiceStub;
import io.docingest.support.RunningDaemon;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker's life on a Spot fleet, with the daemon in its own JVM: killed with kill -9 in the
 * middle of a document, stopped with SIGTERM, and warned by a Spot interruption notice. Nothing is
 * lost, nothing is indexed twice, and no message waits for a visibility timeout after a drain.
 */
class WorkerLifecycleIT {

    /** Eight scanned pages OCR'd one at a time: long enough to be caught in the middle. */
    private static final int SLOW_PAGES = 8;

    @Test
    void killedMidDocumentTheDocumentIsIndexedOnceAfterRestart() throws Exception {
        LocalServers servers = LocalServers.get();
        Queues queues = servers.createQueues("crash", 5);
        String key = "files/lifecycle/crash.pdf";
        put(servers, key, slowScan());
        try (DaemonProcess worker = new DaemonProcess("crash", settings(servers, queues, "5", "60"))) {
            send(servers, queues.url(), key);
            awaitStarted(worker, key);
            worker.kill();
        }
        // A new worker: the message comes back when the dead worker's visibility lapses.
        Properties restart = new Properties();
        restart.setProperty("ingest.sqs.visibility-timeout", "5");
        try (RunningDaemon daemon = new RunningDaemon("crash", restart, queues)) {
            NotifyBuilder done = daemon.messagesDone(1);
            RunningDaemon.await(done);
            await().atMost(60, TimeUnit.SECONDS).until(() -> daemon.messagesLeft() == 0);
            JsonNode hits = daemon.search("files", "{\"query\":{\"term\":{\"s3_key\":\"" + key + "\"}}}");
            assertThat(hits.path("hits").path("total").path("value").asInt()).isEqualTo(1);
            JsonNode file = daemon.get("files", FileIds.fileId(key)).path("_source");
            assertThat(file.path("page_count").asInt()).isEqualTo(SLOW_PAGES);
            assertThat(file.path("pages_ocr").asInt()).isEqualTo(SLOW_PAGES);
            assertThat(daemon.search("chunks", "{\"query\":{\"term\":{\"file_id\":\"" + FileIds.fileId(key) + "\"}}}")
                    .path("hits").path("total").path("value").asInt()).isEqualTo(file.path("chunk_count").asInt());
            assertThat(daemon.drainDeadLetters()).isEmpty();
        }
    }

    @Test
    void sigtermWithAShortGraceReleasesTheUnfinishedMessagesOfBothQueuesAtOnce() throws Exception {
        LocalServers servers = LocalServers.get();
        Queues queues = servers.createQueues("sigterm-release", 5);
        String key = "files/lifecycle/released.pdf";
        String urgentKey = "files/lifecycle/released-urgent.pdf";
        put(servers, key, slowScan());
        put(servers, urgentKey, slowScan());
        try (DaemonProcess worker = new DaemonProcess("sigterm-release", settings(servers, queues, "300", "2"))) {
            send(servers, queues.url(), key);
            send(servers, queues.priorityUrl(), urgentKey);
            awaitStarted(worker, key);
            awaitStarted(worker, urgentKey);
            long signalled = System.nanoTime();
            worker.terminate();
            assertThat(worker.waitForExit(60)).as("exit code").isNotEqualTo(-1);
            assertThat((System.nanoTime() - signalled) / 1_000_000_000).isLessThan(30);
            assertThat(worker.log()).contains("Released 2 unfinished message(s)");
        }
        // Visibility was 300 s: each is visible now, in its own queue, only because the drain released it.
        assertThat(attribute(servers, queues.url(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo(1);
        assertThat(attribute(servers, queues.priorityUrl(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo(1);
    }

    @Test
    void sigtermWithALongGraceFinishesTheDocumentFirst() throws Exception {
        LocalServers servers = LocalServers.get();
        Queues queues = servers.createQueues("sigterm-finish", 5);
        String key = "files/lifecycle/finished.pdf";
        put(servers, key, slowScan());
        try (DaemonProcess worker = new DaemonProcess("sigterm-finish", settings(servers, queues, "300", "120"))) {
            send(servers, queues.url(), key);
            awaitStarted(worker, key);
            worker.terminate();
            assertThat(worker.waitForExit(120)).as("exit code").isNotEqualTo(-1);
            assertThat(worker.log()).contains("every in-flight message finished");
        }
        assertThat(attribute(servers, queues.url(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                + attribute(servers, queues.url(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isZero();
        JsonNode status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                servers.openSearch("GET", "/sigterm-finish-status/_doc/" + FileIds.fileId(key), null));
        assertThat(status.path("_source").path("status").asText()).isEqualTo("indexed");
    }

    @Test
    void spotInterruptionNoticeDrainsReleasesAndExits() throws Exception {
        LocalServers servers = LocalServers.get();
        Queues queues = servers.createQueues("spot", 5);
        String key = "files/lifecycle/spot.pdf";
        put(servers, key, slowScan());
        try (MetadataServiceStub metadata = new MetadataServiceStub()) {
            Properties settings = settings(servers, queues, "300", "2");
            settings.setProperty("ingest.spot.enabled", "true");
            settings.setProperty("ingest.spot.metadata-endpoint", metadata.endpoint());
            settings.setProperty("ingest.spot.poll-interval-ms", "500");
            try (DaemonProcess worker = new DaemonProcess("spot", settings)) {
                send(servers, queues.url(), key);
                awaitStarted(worker, key);
                metadata.giveNotice();
                assertThat(worker.waitForExit(60)).as("exit code").isZero();
                assertThat(worker.log()).contains("Spot interruption notice received").contains("Released 1 unfinished message(s)");
            }
            assertThat(metadata.requests()).contains("PUT token", "GET instance-action with token")
                    .doesNotContain("GET instance-action without token");
        }
        assertThat(attribute(servers, queues.url(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo(1);
    }

    private static Properties settings(LocalServers servers, Queues queues, String visibility, String grace) {
        Properties p = servers.daemonProperties(queues, queues.name());
        p.setProperty("ingest.sqs.visibility-timeout", visibility);
        p.setProperty("ingest.shutdown.grace-seconds", grace);
        p.setProperty("ingest.pages.parallelism", "1");
        p.setProperty("ingest.pages.batch-size", "1");
        p.setProperty("ingest.worker-id", "worker-" + queues.name());
        return p;
    }

    private static byte[] slowScan() throws Exception {
        List<List<String>> pages = new ArrayList<>();
        for (int page = 1; page <= SLOW_PAGES; page++) {
            pages.add(List.of("ページ " + page, "Scanned page number " + page, "保存期間 十年"));
        }
        return Fixtures.scannedPdf(pages);
    }

    private static void put(LocalServers servers, String key, byte[] content) {
        servers.s3.putObject(p -> p.bucket(LocalServers.LANDING).key(key), RequestBody.fromBytes(content));
    }

    private static void send(LocalServers servers, String queueUrl, String key) {
        String etag = servers.s3.headObject(h -> h.bucket(LocalServers.LANDING).key(key)).eTag().replace("\"", "");
        servers.sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody("{\"s3Bucket\":\"" + LocalServers.LANDING
                + "\",\"s3Key\":\"" + key + "\",\"fileSize\":1,\"etag\":\"" + etag + "\",\"eventTime\":\"2026-11-26T10:00:00Z\"}"));
    }

    /** The worker has taken the message and started on the document (its log says so). */
    private static void awaitStarted(DaemonProcess worker, String key) {
        await().atMost(90, TimeUnit.SECONDS).until(() -> worker.log().contains("Ingesting " + key));
    }

    private static int attribute(LocalServers servers, String queueUrl, QueueAttributeName name) {
        Map<QueueAttributeName, String> attributes = servers.sqs.getQueueAttributes(a -> a.queueUrl(queueUrl)
                .attributeNames(name)).attributes();
        return Integer.parseInt(attributes.get(name));
    }
}
