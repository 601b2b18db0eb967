package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.docingest.document.FileIds;
import io.docingest.ops.InFlightMessages;
import io.docingest.support.Fixtures.PageSpec;
import io.docingest.support.Fixtures;
import io.docingest.support.RunningDaemon;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Time limits: a page over the OCR deadline is recorded and skipped, the rest still indexes. */
class LimitsTest {

    @Test
    void pagesOverTheOcrDeadlineAreRecordedAndTheRestOfTheDocumentIndexes() throws Exception {
        Properties props = new Properties();
        props.setProperty("ingest.limits.ocr-page-timeout-ms", "1");
        try (RunningDaemon daemon = new RunningDaemon("deadline", props)) {
            String key = "files/deadline/mixed.pdf";
            daemon.putObject(key, Fixtures.pdf(List.of(
                    PageSpec.text("第一条 目的", "A page with a text layer needs no OCR at all."),
                    PageSpec.scan("第二条 期間", "This scan cannot be read in one millisecond"))));
            NotifyBuilder done = daemon.messagesDone(1);
            daemon.send(daemon.transformedEvent(key));
            RunningDaemon.await(done);

            JsonNode file = daemon.get("files", FileIds.fileId(key)).path("_source");
            assertThat(file.path("pages_failed").asInt()).isEqualTo(1);
            assertThat(file.path("pages").get(0).path("source").asText()).isEqualTo("text-layer");
            assertThat(file.path("pages").get(1).path("source").asText()).isEqualTo("failed");
            assertThat(file.path("pages").get(1).path("error").asText()).contains("ocr-page-timeout-ms");
            assertThat(file.path("content").asText()).contains("第一条");
        }
    }

    @Test
    void aLongDocumentKeepsItsMessageFromOtherWorkersWhileItIsWorkedOn() throws Exception {
        Properties props = new Properties();
        // Short enough to be outlived several times, long enough that scheduling jitter on a
        // busy 2-core machine cannot open a gap between extensions.
        props.setProperty("ingest.sqs.visibility-timeout", "3");
        props.setProperty("ingest.pages.parallelism", "1");
        props.setProperty("ingest.pages.batch-size", "1");
        try (RunningDaemon daemon = new RunningDaemon("visibility", props)) {
            String key = "files/visibility/long.pdf";
            List<List<String>> pages = new ArrayList<>();
            for (int page = 1; page <= 24; page++) {
                pages.add(List.of("長い文書 " + page, "Long scanned document page " + page));
            }
            daemon.putObject(key, Fixtures.scannedPdf(pages));
            NotifyBuilder done = daemon.messagesDone(1);
            long started = System.nanoTime();
            daemon.send(daemon.transformedEvent(key));
            // Once the daemon holds the message (a poll before that would only race the receive)...
            InFlightMessages held = daemon.camel().getRegistry().lookupByNameAndType("inFlightMessages", InFlightMessages.class);
            await().atMost(30, TimeUnit.SECONDS).until(() -> held.count() == 1);

            // ...another worker polls all along: with a 3 s visibility timeout and no extension it
            // would get the message long before the document is done.
            List<Message> stolen = new ArrayList<>();
            await().atMost(3, TimeUnit.MINUTES).pollInterval(200, TimeUnit.MILLISECONDS).until(() -> {
                stolen.addAll(daemon.servers.sqs.receiveMessage(r -> r.queueUrl(daemon.queues.url())
                        .visibilityTimeout(0).waitTimeSeconds(0)).messages());
                return done.matches();
            });
            double seconds = (System.nanoTime() - started) / 1e9;
            // the test means something only if the document outlived the timeout
            assertThat(seconds).as("the document outlived the 3 s visibility timeout").isGreaterThan(4);
            assertThat(stolen).isEmpty();
            await().atMost(30, TimeUnit.SECONDS).until(() -> daemon.messagesLeft() == 0);
        }
    }
}
