package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.ops.Drainer;
import io.docingest.support.Fixtures;
import io.docingest.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Priority, a per-document option of the processor type: an urgent upload overtakes a long
 * document already being worked on and the documents queued behind it. It needs both halves: the
 * priority queue (or it would wait behind the queued ones) and the priority page workers (or its
 * page would wait for the long document's batch on the busy page worker).
 */
class PriorityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anUrgentUploadOvertakesALongDocumentInProgressAndTheQueueBehindIt() throws Exception {
        Properties props = new Properties();
        props.setProperty("ingest.sqs.concurrent-consumers", "1");  // one document at a time from the main queue
        // The long document's 30 pages are one batch, on the only normal page worker: without
        // priority page workers the urgent page would wait until that whole batch is done.
        props.setProperty("ingest.pages.batch-size", "30");
        props.setProperty("ingest.pages.parallelism", "1");
        props.setProperty("ingest.pages.priority-parallelism", "1");
        props.setProperty("ingest.status.progress-interval-ms", "1");
        try (RunningDaemon daemon = new RunningDaemon("priority", props)) {
            List<List<String>> pages = new ArrayList<>();
            for (int page = 1; page <= 30; page++) {
                pages.add(List.of("Annual report page " + page, "Revenue and costs by quarter"));
            }
            String longOne = id(daemon.upload("annual-report.pdf", Fixtures.scannedPdf(pages), "english"));
            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.status(longOne).path("status").asText().equals("processing"));
            // Behind it on the main queue (one consumer, busy with the long one).
            String queuedA = id(daemon.upload("memo-a.pdf", Fixtures.scannedPdf(List.of(List.of("Memo A"))), "english"));
            String queuedB = id(daemon.upload("memo-b.pdf", Fixtures.scannedPdf(List.of(List.of("Memo B"))), "english"));

            String urgent = id(daemon.upload("court-order.pdf",
                    Fixtures.scannedPdf(List.of(List.of("裁判所命令", "Court order due today"))), "urgent"));
            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.status(urgent).path("status").asText().equals("indexed"));

            JsonNode longStatus = daemon.status(longOne);
            assertThat(longStatus.path("status").asText()).as("the long document is still being worked on").isEqualTo("processing");
            assertThat(longStatus.path("pages_done").asInt()).as("its one batch is still being worked on").isZero();
            assertThat(daemon.status(queuedA).path("status").asText()).isEqualTo("queued");
            assertThat(daemon.status(queuedB).path("status").asText()).isEqualTo("queued");
            assertThat(daemon.servers.sqs.getQueueAttributes(a -> a.queueUrl(daemon.queues.url())
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                    .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .as("still visible in the queue, for other workers: this one holds only the message it works on")
                    .isEqualTo("2");
            JsonNode urgentFile = daemon.get("files", urgent).path("_source");
            assertThat(urgentFile.path("priority").asText()).isEqualTo("high");
            assertThat(urgentFile.path("processor_type").asText()).isEqualTo("urgent");
            assertThat(urgentFile.path("content").asText()).contains("Court order").contains("裁判所命令");

            await().atMost(2, TimeUnit.MINUTES).until(() -> daemon.status(queuedB).path("status").asText().equals("indexed"));
            assertThat(daemon.get("files", longOne).path("_source").path("priority").asText()).isEqualTo("normal");
            assertThat(daemon.get("files", longOne).path("_source").path("page_count").asInt()).isEqualTo(30);

            // A drain stops taking messages from both queues.
            daemon.camel().getRegistry().lookupByNameAndType("drainer", Drainer.class).drain("test");
            for (String source : List.of("source-sqs-s3-events", "source-sqs-priority-events")) {
                assertThat(daemon.consumerSuspended(source)).as(source).isTrue();
            }
        }
    }

    private static String id(HttpResponse<String> receipt) throws Exception {
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(202);
        return JSON.readTree(receipt.body()).path("id").asText();
    }
}
