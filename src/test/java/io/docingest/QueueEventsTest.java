package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.docingest.document.FileIds;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shape of event that reaches the queue in real deployments, and every way a message can
 * end: indexed, recorded as skipped, or parked in the dead-letter queue with its reason.
 */
class QueueEventsTest {

    private static RunningDaemon daemon;

    @BeforeAll
    static void start() throws Exception {
        daemon = new RunningDaemon("events", new Properties());
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
    }

    @BeforeEach
    void emptyDeadLetterQueue() throws Exception {
        daemon.drainDeadLetters();
    }

    @Test
    void nativeEventBridgeObjectCreated() throws Exception {
        String key = "files/eventbridge/native.pdf";
        daemon.putObject(key, textPdf("EventBridge native event"));
        deliver("{\"version\":\"0\",\"id\":\"17793124-05d4-b198-2fde-7ededc63b103\",\"detail-type\":\"Object Created\","
                + "\"source\":\"aws.s3\",\"time\":\"2026-11-26T00:00:00Z\",\"region\":\"ap-northeast-1\","
                + "\"detail\":{\"version\":\"0\",\"bucket\":{\"name\":\"" + LocalServers.LANDING + "\"},"
                + "\"object\":{\"key\":\"" + key + "\",\"size\":5,\"etag\":\"" + daemon.etag(key) + "\","
                + "\"sequencer\":\"00617F08299329D189\"},\"reason\":\"PutObject\"}}");
        assertIndexed(key, "eventbridge");
    }

    @Test
    void s3NotificationWithSeveralRecordsAndEncodedJapaneseKeys() throws Exception {
        String spaced = "files/報告 書/年次 レポート 2026.pdf";
        String plain = "files/plain/second-record.pdf";
        daemon.putObject(spaced, textPdf("Annual report 年次報告"));
        daemon.putObject(plain, textPdf("Second record in one message"));
        deliver("{\"Records\":[" + record(spaced) + "," + record(plain) + "]}");
        assertIndexed(spaced, "s3-notification");
        assertIndexed(plain, "s3-notification");
        assertThat(daemon.get("files", FileIds.fileId(spaced)).path("_source").path("file_name").asText())
                .isEqualTo("年次 レポート 2026.pdf");
    }

    @Test
    void aRepeatedEventOverwritesAndAShorterNewVersionLeavesNoStaleChunks() throws Exception {
        String key = "files/versions/handbook.pdf";
        List<List<String>> longVersion = new java.util.ArrayList<>();
        for (int page = 1; page <= 4; page++) {
            List<String> lines = new java.util.ArrayList<>();
            for (int line = 0; line < 30; line++) {
                lines.add("Handbook page " + page + " line " + line + " explains the procedure in detail.");
            }
            longVersion.add(lines);
        }
        daemon.putObject(key, Fixtures.bornDigitalPdf(longVersion));
        deliver(daemon.transformedEvent(key));
        deliver(daemon.transformedEvent(key));
        String fileId = FileIds.fileId(key);
        assertThat(chunkCount(fileId)).isGreaterThan(1);
        assertThat(daemon.search("files", "{\"query\":{\"term\":{\"s3_key\":\"" + key + "\"}}}")
                .path("hits").path("total").path("value").asInt()).isEqualTo(1);

        daemon.putObject(key, textPdf("Handbook, short edition"));
        deliver(daemon.transformedEvent(key));
        assertThat(chunkCount(fileId)).isEqualTo(1);
        assertThat(daemon.get("files", fileId).path("_source").path("content").asText()).contains("short edition");
    }

    private static int chunkCount(String fileId) throws Exception {
        return daemon.search("chunks", "{\"query\":{\"term\":{\"file_id\":\"" + fileId + "\"}}}")
                .path("hits").path("total").path("value").asInt();
    }

    @Test
    void testEventIsAcknowledgedAndIgnored() throws Exception {
        deliver("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-11-26T00:00:00.000Z\","
                + "\"Bucket\":\"" + LocalServers.LANDING + "\",\"RequestId\":\"5582815E1AEA5ADF\",\"HostId\":\"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE\"}");
        assertThat(daemon.drainDeadLetters()).isEmpty();
    }

    @Test
    void keysOutsideThePrefixAreRecordedAsSkipped() throws Exception {
        String key = "archive/old.pdf";
        daemon.putObject(key, textPdf("outside"));
        deliver(daemon.transformedEvent(key));
        assertStatus(key, "skipped", "outside the key prefix 'files/' (and the uploads' 'uploads/')");
    }

    /** No open-source reader exists for DocuWorks: the file is still found by its name, and says why it has no text. */
    @Test
    void docuWorksIsFoundByItsNameAndSaysWhyItHasNoText() throws Exception {
        String key = "files/legacy/設計図面_第二版.xdw";
        daemon.putObject(key, Fixtures.docuWorks());
        deliver("{\"Records\":[" + record(key) + "]}");
        assertStatus(key, "indexed", null);
        JsonNode hits = daemon.search("files", "{\"query\":{\"match\":{\"file_name\":\"設計図面\"}}}").path("hits").path("hits");
        assertThat(hits).hasSize(1);
        JsonNode file = hits.get(0).path("_source");
        assertThat(file.path("s3_key").asText()).isEqualTo(key);
        assertThat(file.path("file_ext").asText()).isEqualTo(".xdw");
        assertThat(file.path("content_state").asText()).isEqualTo("no-reader");
        assertThat(file.path("content_reason").asText()).isEqualTo("DocuWorks (.xdw) has no open-source reader");
        assertThat(file.path("content").asText()).isEmpty();
    }

    @Test
    void aCorruptPdfGoesToTheDeadLetterQueueWithoutRedelivery() throws Exception {
        String key = "files/broken/truncated.pdf";
        byte[] pdf = textPdf("this will be cut short");
        daemon.putObject(key, Arrays.copyOf(pdf, pdf.length / 3));
        deliver(daemon.transformedEvent(key));

        List<JsonNode> parked = daemon.drainDeadLetters();
        assertThat(parked).hasSize(1);
        JsonNode envelope = parked.get(0);
        assertThat(envelope.path("event").path("s3Key").asText()).isEqualTo(key);
        assertThat(envelope.path("error").path("kind").asText()).isEqualTo("permanent");
        assertThat(envelope.path("error").path("class").asText()).endsWith("CorruptDocumentException");
        assertThat(envelope.path("error").path("attempts").asInt()).isEqualTo(1);
        assertThat(envelope.path("worker_id").asText()).isNotBlank();
        assertStatus(key, "failed", "PDF cannot be parsed");
    }

    @Test
    void malformedEventJsonIsParkedWithTheOriginalMessage() throws Exception {
        deliver("{\"s3Bucket\": \"landing\", this is not json");
        List<JsonNode> parked = daemon.drainDeadLetters();
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).path("error").path("class").asText()).endsWith("MalformedEventException");
        assertThat(parked.get(0).path("original_message").asText()).startsWith("{\"s3Bucket\": \"landing\"");
    }

    private static void deliver(String body) {
        daemon.deliver(body);
    }

    private static String record(String key) {
        String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
        return "{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
                + "\"eventTime\":\"2026-11-26T14:30:22.000Z\",\"s3\":{\"bucket\":{\"name\":\"" + LocalServers.LANDING + "\"},"
                + "\"object\":{\"key\":\"" + encoded + "\",\"size\":1234,\"eTag\":\"" + daemon.etag(key) + "\"}}}";
    }

    private static void assertIndexed(String key, String source) throws Exception {
        JsonNode file = daemon.get("files", FileIds.fileId(key)).path("_source");
        assertThat(file.path("s3_key").asText()).isEqualTo(key);
        assertThat(file.path("source").asText()).isEqualTo(source);
        assertThat(file.path("etag").asText()).isEqualTo(daemon.etag(key));
        assertStatus(key, "indexed", null);
    }

    private static void assertStatus(String key, String status, String reasonPart) throws Exception {
        JsonNode record = daemon.get("status", FileIds.fileId(key)).path("_source");
        assertThat(record.path("status").asText()).isEqualTo(status);
        if (reasonPart != null) {
            assertThat(record.path("reason").asText()).contains(reasonPart);
        }
    }

    private static byte[] textPdf(String line) throws Exception {
        return Fixtures.bornDigitalPdf(List.of(List.of(line, "This page has a real text layer for extraction.")));
    }
}
