package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.document.FileIds;
import io.docingest.support.DaemonProcess;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.LocalServers.Queues;
import io.docingest.support.RunningDaemon;
import io.docingest.support.TcpProxy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static io.docingest.support.Workers.awaitStarted;
import static io.docingest.support.Workers.messages;
import static io.docingest.support.Workers.put;
import static io.docingest.support.Workers.send;
import static io.docingest.support.Workers.settings;
import static io.docingest.support.Workers.slowScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker killed with kill -9 at each point of a document's life, then a new worker started:
 * (a) in the middle of the OCR, (b) after the chunk writes and before the file document, (c) after
 * the file document and before the status record, (d) after the status record and before the SQS
 * delete. Points (b) to (d) are reached exactly: a proxy in front of OpenSearch or SQS holds the
 * request that would come next, and the worker is killed while it waits for the answer.
 *
 * <p>Every document ends indexed once, its message gone, nothing parked. The work is counted, not
 * inferred: the file document's {@code _version} says how often it was written, the status
 * record's {@code completions} how often the version was indexed to the end, and the new worker's
 * fetch count whether it worked on the document at all. Only window (c) costs a second write of
 * the file document; the others cost none.
 */
class CrashPointsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void killedMidOcrTheDocumentIsWorkedOnOnceMore() throws Exception {
        LocalServers servers = LocalServers.get();
        Queues queues = servers.createQueues("crash-ocr", 5);
        String key = "files/crash/ocr.pdf";
        put(servers, key, slowScan(8));
        try (DaemonProcess worker = new DaemonProcess("crash-ocr", settings(servers, queues, "5", "60"))) {
            send(servers, queues.url(), key);
            awaitStarted(worker, key);
            // Some pages read, the rest not: the status record's progress says so.
            await().atMost(3, TimeUnit.MINUTES).until(() -> status(servers, "crash-ocr", key).path("pages_done").asInt() >= 2);
            worker.kill();
        }
        Work work = restart(servers, queues, key);
        assertThat(work.fetches).as("the new worker worked on it").isEqualTo(1);
        assertThat(work.fileVersion).as("file document writes").isEqualTo(1);
        assertThat(work.completions).as("completions").isEqualTo(1);
        assertThat(work.file.path("pages_ocr").asInt()).isEqualTo(8);
    }

    @Test
    void killedAfterTheChunksBeforeTheFileDocumentTheFileDocumentIsWrittenOnce() throws Exception {
        String name = "crash-chunks";
        String key = "files/crash/chunks.pdf";
        Work work = killAt(name, key, true, null, "PUT /" + name + "-files/_doc/" + FileIds.fileId(key));
        assertThat(work.fetches).isEqualTo(1);
        assertThat(work.fileVersion).as("file document writes").isEqualTo(1);
        assertThat(work.completions).isEqualTo(1);
    }

    @Test
    void killedAfterTheFileDocumentBeforeTheStatusTheWorkIsDoneAgainOnce() throws Exception {
        String name = "crash-file";
        String key = "files/crash/file.pdf";
        String id = FileIds.fileId(key);
        Work work = killAt(name, key, true, "PUT /" + name + "-files/_doc/" + id, "PUT /" + name + "-status/_doc/" + id);
        // The status never said indexed, so the next worker cannot know: the window's one duplicate.
        assertThat(work.fetches).isEqualTo(1);
        assertThat(work.fileVersion).as("file document writes").isEqualTo(2);
        assertThat(work.completions).as("completions recorded").isEqualTo(1);
    }

    @Test
    void killedAfterTheStatusBeforeTheSqsDeleteTheRedeliveryCostsNoWork() throws Exception {
        String name = "crash-delete";
        String key = "files/crash/delete.pdf";
        Work work = killAt(name, key, false, null, "DeleteMessage");
        assertThat(work.fetches).as("the redelivered message is acknowledged without work").isZero();
        assertThat(work.fileVersion).as("file document writes").isEqualTo(1);
        assertThat(work.completions).isEqualTo(1);
    }

    /**
     * A worker whose OpenSearch (or, for {@code openSearchProxied} false, SQS) is behind a proxy
     * holding the request with {@code marker} (after one with {@code after}); killed once the
     * request is held; then a new worker on the real servers.
     */
    private static Work killAt(String name, String key, boolean openSearchProxied, String after, String marker) throws Exception {
        LocalServers servers = LocalServers.get();
        Queues queues = servers.createQueues(name, 5);
        put(servers, key, Fixtures.bornDigitalPdf(List.of(List.of("Crash point " + name), List.of("Second page"))));
        Properties settings = settings(servers, queues, "5", "60");
        String real = openSearchProxied ? settings.getProperty("ingest.opensearch.host-addresses")
                : settings.getProperty("ingest.sqs.endpoint-override").replace("http://", "");
        try (TcpProxy proxy = new TcpProxy(real.substring(0, real.indexOf(':')), Integer.parseInt(real.substring(real.indexOf(':') + 1)))) {
            String proxied = "127.0.0.1:" + proxy.port();
            settings.setProperty(openSearchProxied ? "ingest.opensearch.host-addresses" : "ingest.sqs.endpoint-override",
                    openSearchProxied ? proxied : "http://" + proxied);
            TcpProxy.Hold hold = proxy.hold(after, marker);
            try (DaemonProcess worker = new DaemonProcess(name, settings)) {
                send(servers, queues.url(), key);
                assertThat(hold.reached(180)).as("the worker reached the held request").isTrue();
                worker.kill();
            }
        }
        return restart(servers, queues, key);
    }

    /** A new worker on the real servers, until the message is gone; what it and the first one did. */
    private static Work restart(LocalServers servers, Queues queues, String key) throws Exception {
        Properties restart = new Properties();
        restart.setProperty("ingest.sqs.visibility-timeout", "5");
        try (RunningDaemon daemon = new RunningDaemon(queues.name(), restart, queues)) {
            RunningDaemon.await(daemon.messagesDone(1));
            await().atMost(60, TimeUnit.SECONDS).until(() -> messages(servers, queues.url()) == 0);
            assertThat(daemon.drainDeadLetters()).as("parked").isEmpty();
            String id = FileIds.fileId(key);
            JsonNode file = daemon.get("files", id);
            JsonNode source = file.path("_source");
            assertThat(daemon.search("files", "{\"query\":{\"term\":{\"s3_key\":\"" + key + "\"}}}")
                    .path("hits").path("total").path("value").asInt()).as("file documents").isEqualTo(1);
            assertThat(daemon.search("chunks", "{\"query\":{\"term\":{\"file_id\":\"" + id + "\"}}}")
                    .path("hits").path("total").path("value").asInt()).as("chunks").isEqualTo(source.path("chunk_count").asInt());
            JsonNode status = daemon.status(id);
            assertThat(status.path("status").asText()).isEqualTo("indexed");
            return new Work(source, (int) daemon.metric("ingest_stage_seconds_count", "stage=\"fetch\""),
                    file.path("_version").asInt(), status.path("completions").asInt());
        }
    }

    private static JsonNode status(LocalServers servers, String name, String key) throws Exception {
        return JSON.readTree(servers.openSearch("GET", "/" + name + "-status/_doc/" + FileIds.fileId(key), null)).path("_source");
    }

    /** What was done to one document: the new worker's fetches, the file document's writes, the status record's completions. */
    private record Work(JsonNode file, int fetches, int fileVersion, int completions) {
    }
}
