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

    private static String run(Properties config, String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DeadLetterCommand.run(args, Path.of("config"), "test", config, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
