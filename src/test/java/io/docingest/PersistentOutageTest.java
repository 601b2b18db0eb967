package io.docingest;

import io.docingest.document.FileIds;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import io.docingest.support.TcpProxy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A failure that persists: OpenSearch goes away (its port refuses connections) for longer than
 * every redelivery. The document is not parked: it goes back to the queue, the source stops
 * taking messages (no receive calls while it waits), readiness says why, and when OpenSearch
 * answers again the source resumes and the document is indexed.
 */
class PersistentOutageTest {

    @Test
    void openSearchStoppedPausesTheSourceAndTheDocumentIsIndexedWhenItReturns() throws Exception {
        LocalServers servers = LocalServers.get();
        try (TcpProxy openSearch = new TcpProxy("127.0.0.1", servers.openSearch.httpPort())) {
            Properties props = new Properties();
            props.setProperty("ingest.opensearch.host-addresses", "127.0.0.1:" + openSearch.port());
            props.setProperty("ingest.opensearch.timeout-ms", "2000");
            props.setProperty("ingest.health.probe-timeout-ms", "1000");
            props.setProperty("ingest.retry.transient.maximum-redeliveries", "2");
            props.setProperty("ingest.retry.transient.hand-back-delay-seconds", "1");
            props.setProperty("ingest.outage.probe-interval-ms", "1000");
            try (RunningDaemon daemon = new RunningDaemon("outage", props)) {
                String key = "files/outage/report.pdf";
                daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("Written while the index is down"))));
                openSearch.stop();

                daemon.send(daemon.transformedEvent(key));
                await().atMost(60, TimeUnit.SECONDS).until(() -> daemon.metric("ingest_sources_paused") >= 1);
                assertThat(daemon.metric("ingest_handed_back_total")).isGreaterThanOrEqualTo(1);
                assertThat(daemon.get(daemon.management("/observe/health/ready")).statusCode()).isEqualTo(503);
                // Paused, it does not poll: over five seconds at most a poll already under way ends.
                double receives = daemon.metric("ingest_aws_calls_seconds_count", "operation=\"ReceiveMessage\"");
                await().during(5, TimeUnit.SECONDS).atMost(7, TimeUnit.SECONDS).until(() ->
                        daemon.metric("ingest_aws_calls_seconds_count", "operation=\"ReceiveMessage\"") <= receives + 4);

                openSearch.start();
                await().atMost(60, TimeUnit.SECONDS).until(() -> "indexed".equals(
                        daemon.get("status", FileIds.fileId(key)).path("_source").path("status").asText()));
                await().atMost(30, TimeUnit.SECONDS).until(() -> daemon.messagesLeft() == 0);
                assertThat(daemon.drainDeadLetters()).as("parked").isEmpty();
                assertThat(daemon.metric("ingest_sources_paused")).isZero();
            }
        }
    }
}
