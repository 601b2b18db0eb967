package io.docingest;

import io.docingest.document.FileIds;
import io.docingest.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static io.docingest.support.Workers.attribute;
import static io.docingest.support.Workers.slowScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker does not hold a message forever: past ingest.sqs.max-hold-seconds its visibility is no
 * longer renewed, and the message is back in the queue for the fleet while the document that
 * held it is still worked on (as it would be on a worker hung on a call that never returns).
 */
class HeldMessagesTest {

    @Test
    void aMessageHeldPastTheCapGoesBackToTheQueueWhileItsDocumentIsStillWorkedOn() throws Exception {
        Properties props = new Properties();
        props.setProperty("ingest.sqs.visibility-timeout", "2");
        props.setProperty("ingest.sqs.max-hold-seconds", "3");
        props.setProperty("ingest.sqs.concurrent-consumers", "1");
        props.setProperty("ingest.pages.parallelism", "1");
        props.setProperty("ingest.pages.batch-size", "1");
        try (RunningDaemon daemon = new RunningDaemon("held", props)) {
            String key = "files/held/long.pdf";
            // About 0.4 s of OCR a page on one worker: 40 pages outlast the 3 s cap several times
            // over (8 pages once finished inside it on a faster machine).
            daemon.putObject(key, slowScan(40));
            daemon.send(daemon.transformedEvent(key));

            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.metric("ingest_messages_held_too_long_total") == 1);
            await().atMost(30, TimeUnit.SECONDS).until(() ->
                    attribute(daemon.servers, daemon.queues.url(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) == 1);
            assertThat(daemon.status(FileIds.fileId(key)).path("status").asText()).as("still worked on").isEqualTo("processing");
        }
    }
}
