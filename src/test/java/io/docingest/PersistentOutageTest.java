package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.docingest.local.EmbeddedOpenSearch;
import io.docingest.support.Fixtures;
import io.docingest.support.RunningDaemon;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A failure that persists: the OpenSearch node the daemon writes to is stopped. The document is
 * redelivered the configured number of times with back-off, then parked with the reason.
 */
class PersistentOutageTest {

    @Test
    void openSearchStoppedEndsInTheDeadLetterQueueAfterTheConfiguredRedeliveries(@TempDir Path home) throws Exception {
        EmbeddedOpenSearch ownNode = EmbeddedOpenSearch.start(home, 0);
        Properties props = new Properties();
        props.setProperty("ingest.opensearch.host-addresses", ownNode.hostAddress());
        props.setProperty("ingest.retry.transient.maximum-redeliveries", "3");
        try (RunningDaemon daemon = new RunningDaemon("outage", props)) {
            String key = "files/outage/report.pdf";
            daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("Written while the index is down"))));
            ownNode.close();

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
