package io.docingest.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.document.FileEvent;
import io.docingest.document.MalformedEventException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3EventParserTest {

    private final S3EventParser parser = new S3EventParser(new ObjectMapper());

    @Test
    void transformedEventBridgeShapeOfTheOriginalDesign() {
        List<FileEvent> events = parser.parse("{\"s3Bucket\":\"landing\",\"s3Key\":\"files/a b/資料.pdf\","
                + "\"fileSize\":123,\"etag\":\"\\\"abc\\\"\",\"eventTime\":\"2026-11-26T01:02:03Z\"}");
        assertThat(events).containsExactly(new FileEvent("landing", "files/a b/資料.pdf", 123L, "abc", null, null,
                Instant.parse("2026-11-26T01:02:03Z"), S3EventParser.TRANSFORMED, null, false, false));
    }

    @Test
    void theOriginalWorkersFileIdAndMetadataAreKeptAndSurviveTheDeadLetterShape() {
        FileEvent event = parser.parse("{\"s3Bucket\":\"landing\",\"s3Key\":\"files/x.pdf\",\"etag\":\"e1\","
                + "\"fileId\":\"DOC-1\",\"metadata\":{\"department\":\"経理\",\"tags\":[\"a\",\" b \",null,{}],"
                + "\"year\":2026,\"empty\":\" \"}}").get(0);
        assertThat(event.fileId()).isEqualTo("DOC-1");
        assertThat(event.metadata()).containsOnly(java.util.Map.entry("department", List.of("経理")),
                java.util.Map.entry("tags", List.of("a", "b")), java.util.Map.entry("year", List.of("2026")));
        FileEvent again = parser.parse(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(
                java.util.Map.of("event", event.transformedShape(), "error", java.util.Map.of())).toString()).get(0);
        assertThat(again.fileId()).isEqualTo("DOC-1");
        assertThat(again.metadata()).isEqualTo(event.metadata());
    }

    @Test
    void aFileIdThatCouldNotBeADocumentIdIsAMalformedEvent() {
        assertThatThrownBy(() -> parser.parse("{\"s3Bucket\":\"landing\",\"s3Key\":\"files/x.pdf\",\"fileId\":\"a\\\"b\"}"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("fileId must be");
        assertThatThrownBy(() -> parser.parse("{\"s3Bucket\":\"landing\",\"s3Key\":\"files/x.pdf\",\"metadata\":[1]}"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("metadata must be a JSON object");
    }

    @Test
    void aDeadLetterEnvelopeIsReadAsTheEventItCarriesMarkedToBeReprocessedWhenItSaysSo() {
        List<FileEvent> events = parser.parse("{\"event\":{\"s3Bucket\":\"landing\",\"s3Key\":\"files/x.pdf\",\"etag\":\"e1\","
                + "\"reprocess\":true},\"error\":{\"kind\":\"transient\"},\"original_message\":\"...\"}");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).key()).isEqualTo("files/x.pdf");
        assertThat(events.get(0).reprocess()).isTrue();
    }

    @Test
    void transformedShapeWithoutEtagAsInTheOriginalFlowDiagram() {
        FileEvent event = parser.parse("{\"s3Bucket\":\"landing\",\"s3Key\":\"files/x.pdf\",\"fileSize\":1,"
                + "\"eventTime\":\"2026-11-26T01:02:03Z\"}").get(0);
        assertThat(event.etag()).isNull();
        assertThat(event.key()).isEqualTo("files/x.pdf");
    }

    @Test
    void nativeEventBridgeKeysAreNotUrlDecoded() {
        FileEvent event = parser.parse("{\"detail-type\":\"Object Created\",\"time\":\"2026-11-26T00:00:00Z\","
                + "\"detail\":{\"bucket\":{\"name\":\"landing\"},\"object\":{\"key\":\"files/100%+done.pdf\","
                + "\"size\":5,\"etag\":\"e1\",\"version-id\":\"v1\"}}}").get(0);
        assertThat(event.key()).isEqualTo("files/100%+done.pdf");
        assertThat(event.versionId()).isEqualTo("v1");
        assertThat(event.source()).isEqualTo(S3EventParser.EVENTBRIDGE);
    }

    @Test
    void s3NotificationKeysAreUrlDecodedPlusIsASpace() {
        List<FileEvent> events = parser.parse("{\"Records\":[{\"eventTime\":\"2026-11-26T00:00:00.000Z\",\"s3\":{"
                + "\"bucket\":{\"name\":\"landing\"},\"object\":{\"key\":\"files/%E5%A0%B1%E5%91%8A+%E6%9B%B8.pdf\","
                + "\"size\":9,\"eTag\":\"t1\"}}},{\"eventTime\":\"2026-11-26T00:00:01.000Z\",\"s3\":{"
                + "\"bucket\":{\"name\":\"landing\"},\"object\":{\"key\":\"files/a%2Bb.pdf\",\"size\":9,\"eTag\":\"t2\"}}}]}");
        assertThat(events).extracting(FileEvent::key).containsExactly("files/報告 書.pdf", "files/a+b.pdf");
    }

    @Test
    void testEventYieldsNothing() {
        assertThat(parser.parse("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"landing\"}")).isEmpty();
    }

    @Test
    void malformedBodiesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> parser.parse("not json")).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parser.parse("{\"hello\":1}")).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("not an S3 object event");
        assertThatThrownBy(() -> parser.parse("{\"s3Bucket\":\"landing\",\"s3Key\":\"\"}"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("s3Key");
        assertThatThrownBy(() -> parser.parse("[1,2]")).isInstanceOf(MalformedEventException.class);
    }
}
