package io.docingest;

import io.docingest.document.FileIds;
import io.docingest.ops.DeadLetterCommand;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An operator lists, inspects and re-drives dead letters with the daemon's own jar and config. */
class DeadLetterCommandTest {

    @Test
    void parkedEventIsListedShownAndRedrivenThroughTheSamePipeline() throws Exception {
        try (RunningDaemon daemon = new RunningDaemon("dlqtool", new Properties())) {
            String key = "files/late/arrived-later.pdf";
            NotifyBuilder parked = daemon.messagesDone(1);
            daemon.send("{\"s3Bucket\":\"" + LocalServers.LANDING + "\",\"s3Key\":\"" + key
                    + "\",\"fileSize\":10,\"eventTime\":\"2026-11-26T00:00:00Z\"}");
            RunningDaemon.await(parked);

            Properties config = daemon.servers.daemonProperties(daemon.queues, "dlqtool");
            String list = run(config, "dlq", "list");
            assertThat(list).contains(key).contains("permanent").contains("object is gone").contains("1 message(s)");
            String messageId = list.lines().filter(line -> line.contains(key)).findFirst().orElseThrow().split(" ")[0];
            assertThat(run(config, "dlq", "show", messageId)).contains("\"s3Key\" : \"" + key + "\"")
                    .contains("\"worker_id\"");

            // The object turns up; re-driving sends the event back through the whole pipeline.
            daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("arrived after its event"))));
            NotifyBuilder indexed = daemon.messagesDone(1);
            assertThat(run(config, "dlq", "redrive", messageId)).contains("re-drove 1 message(s)");
            RunningDaemon.await(indexed);
            await().atMost(30, TimeUnit.SECONDS).until(() -> daemon.messagesLeft() == 0);
            assertThat(daemon.get("status", FileIds.fileId(key)).path("_source").path("status").asText()).isEqualTo("indexed");
            assertThat(run(config, "dlq", "list")).contains("0 message(s)");
        }
    }

    @Test
    void redriveAllSendsEnvelopesAndBareMessagesAlikeAndTheParserTakesAnEnvelopeAsItsEvent() throws Exception {
        try (RunningDaemon daemon = new RunningDaemon("dlqmixed", new Properties())) {
            String enveloped = "files/mixed-dlq/enveloped.pdf";
            String bare = "files/mixed-dlq/bare.pdf";
            String movedWhole = "files/mixed-dlq/moved-whole.pdf";
            // An envelope: the pipeline parked this event (its object was not there yet).
            NotifyBuilder parked = daemon.messagesDone(1);
            daemon.send("{\"s3Bucket\":\"" + LocalServers.LANDING + "\",\"s3Key\":\"" + enveloped
                    + "\",\"fileSize\":10,\"eventTime\":\"2026-11-26T00:00:00Z\"}");
            RunningDaemon.await(parked);
            // A bare message, as SQS's redrive policy moves one after workers died on it, and one that is not JSON.
            for (String key : List.of(enveloped, bare, movedWhole)) {
                daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("re-driven " + key))));
            }
            daemon.servers.sqs.sendMessage(m -> m.queueUrl(daemon.queues.dlqUrl()).messageBody(daemon.transformedEvent(bare)));
            daemon.servers.sqs.sendMessage(m -> m.queueUrl(daemon.queues.dlqUrl()).messageBody("not json at all"));

            Properties config = daemon.servers.daemonProperties(daemon.queues, "dlqmixed");
            // Three re-driven, and an envelope sent back whole (as SQS's start-message-move-task does), worked on as its event.
            NotifyBuilder done = daemon.messagesDone(4);
            assertThat(run(config, "dlq", "redrive", "--all")).contains("re-drove 3 message(s)");
            daemon.send("{\"event\":" + daemon.transformedEvent(movedWhole) + ",\"error\":{\"kind\":\"transient\"}}");
            RunningDaemon.await(done);

            for (String key : List.of(enveloped, bare, movedWhole)) {
                assertThat(daemon.get("status", FileIds.fileId(key)).path("_source").path("status").asText()).as(key).isEqualTo("indexed");
            }
            // The message that never was an event is parked again, now with its reason.
            String list = run(config, "dlq", "list");
            assertThat(list).contains("1 message(s)").contains("permanent");
        }
    }

    private static String run(Properties config, String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DeadLetterCommand.run(args, Path.of("config"), "test", config, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
