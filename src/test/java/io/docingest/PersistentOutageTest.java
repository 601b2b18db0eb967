package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import io.docingest.support.TcpProxy;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A failure that persists: OpenSearch goes away (its port refuses connections). The document is
 * redelivered the configured number of times with back-off, then parked with the reason.
 */
class PersistentOutageTest {

    @Test
    void openSearchStoppedEndsInTheDeadLetterQueueAfterTheConfiguredRedeliveries() throws Exception {
        LocalServers servers = LocalServers.get();
        try (TcpProxy openSearch = new TcpProxy("127.0.0.1", servers.openSearch.httpPort())) {
            Properties props = new Properties();
            props.setProperty("ingest.opensearch.host-addresses", "127.0.0.1:" + openSearch.port());
            props.setProperty("ingest.retry.transient.maximum-redeliveries", "3");
            try (RunningDaemon daemon = new RunningDaemon("outage", props)) {
                String key = "files/outage/report.pdf";
                daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("Written while the index is down"))));
                openSearch.stop();

                NotifyBuilder done = daemon.messagesDone(1);
                daemon.send(daemon.transformedEvent(key));
                RunningDaemon.await(done);

                List<JsonNode> parked = daemon.drainDeadLetters();
                assertThat(parked).hasSize(1);
                JsonNode error = parked.get(0).path("error");
                assertThat(error.path("kind").asText()).isEqualTo("transient");
                assertThat(error.path("attempts").asInt()).isEqualTo(4);
                assertThat(error.path("message").asText()).containsIgnoringCase("connect");
                assertThat(parked.get(0).path("event").path("s3Key").asText()).isEqualTo(key);
                await().atMost(30, TimeUnit.SECONDS).until(() -> daemon.messagesLeft() == 0);
            }
        }
    }
}
