package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
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
import static io.docingest.support.Workers.etag;
import static io.docingest.support.Workers.messages;
import static io.docingest.support.Workers.put;
import static io.docingest.support.Workers.send;
import static io.docingest.support.Workers.settings;
import static io.docingest.support.Workers.slowScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two versions of one key on two workers in two JVMs at once: worker A reads the first version,
 * a slow scan; meanwhile the second, short version lands and worker B indexes it. A's file
 * document write reaches OpenSearch only after B's (a proxy holds it until B is done, so the
 * race is run the same way every time). The index ends with the second version: its text, its
 * chunk count, no chunk of the first; the status record says the first was superseded.
 */
class VersionRaceIT {

    @Test
    void theSlowerOlderVersionNeverOverwritesTheNewerOne() throws Exception {
        LocalServers servers = LocalServers.get();
        Queues queues = servers.createQueues("race", 300);
        String key = "files/race/contract.pdf";
        String id = FileIds.fileId(key);
        put(servers, key, slowScan(4));
        String first = etag(servers, key);

        // A takes the main queue only, B the priority queue only: each gets the version meant for it.
        Properties a = settings(servers, queues, "300", "60");
        a.setProperty("ingest.sources.enabled", "sqs");
        String openSearch = a.getProperty("ingest.opensearch.host-addresses");
        Properties b = new Properties();
        b.setProperty("ingest.sources.enabled", "priority-queue");
        try (TcpProxy proxy = new TcpProxy(openSearch.substring(0, openSearch.indexOf(':')),
                     Integer.parseInt(openSearch.substring(openSearch.indexOf(':') + 1)));
             RunningDaemon workerB = new RunningDaemon("race", b, queues)) {
            a.setProperty("ingest.opensearch.host-addresses", "127.0.0.1:" + proxy.port());
            TcpProxy.Hold commit = proxy.hold(null, "PUT /race-files/_doc/" + id);
            try (DaemonProcess workerA = new DaemonProcess("race", a)) {
                send(servers, queues.url(), key, "0062E99A88DC407410", "2026-12-01T09:00:00Z");
                awaitStarted(workerA, key);
                assertThat(commit.reached(180)).as("A read the first version and is writing it").isTrue();

                put(servers, key, Fixtures.bornDigitalPdf(List.of(List.of("Contract, second version"))));
                String second = etag(servers, key);
                send(servers, queues.priorityUrl(), key, "0062E99A88DC407420", "2026-12-01T09:00:30Z");
                await().atMost(2, TimeUnit.MINUTES).until(() -> "indexed".equals(workerB.status(id).path("status").asText()));

                commit.release();
                await().atMost(2, TimeUnit.MINUTES).until(() -> messages(servers, queues.url()) == 0);
                await().atMost(30, TimeUnit.SECONDS).until(() -> workerA.log().contains("Superseded " + key));

                JsonNode file = workerB.get("files", id).path("_source");
                assertThat(file.path("etag").asText()).isEqualTo(second);
                assertThat(file.path("content").asText()).contains("second version").doesNotContain("Scanned page");
                JsonNode chunks = workerB.search("chunks", "{\"size\":100,\"query\":{\"term\":{\"file_id\":\"" + id + "\"}}}").path("hits");
                assertThat(chunks.path("total").path("value").asInt()).isEqualTo(file.path("chunk_count").asInt());
                assertThat(chunks.path("hits").findValuesAsText("etag")).containsOnly(second);

                JsonNode status = workerB.status(id);
                assertThat(status.path("status").asText()).isEqualTo("indexed");
                assertThat(status.path("etag").asText()).isEqualTo(second);
                assertThat(status.path("completions").asInt()).isEqualTo(1);
                JsonNode superseded = status.path("superseded");
                assertThat(superseded.findValuesAsText("etag")).contains(first);
                assertThat(superseded.findValuesAsText("status")).contains("superseded");
                assertThat(superseded.findValuesAsText("reason")).anyMatch(reason -> reason.contains("a newer version is indexed"));
                assertThat(workerB.drainDeadLetters()).isEmpty();
            }
        }
    }
}
