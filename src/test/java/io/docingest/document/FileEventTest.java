package io.docingest.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** How versions of one key are placed in order: S3's sequencer rule, then event times, the etag as identity. */
class FileEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sequencersCompareAsHexAfterTheShorterIsPaddedWithZerosOnTheRight() {
        assertThat(FileEvent.compareSequencers("0062E99A88DC47", "0062E99A88DC4800")).isNegative();
        assertThat(FileEvent.compareSequencers("0062E99A88DC48", "0062E99A88DC4800")).isZero();
        assertThat(FileEvent.compareSequencers("0062e99a88dc4a", "0062E99A88DC49FF")).isPositive();
    }

    @Test
    void theSequencerDecidesWhenBothHaveOneWhateverTheTimesSay() {
        FileEvent event = created("b", "0062E99A88DC47", "2026-12-01T10:00:05Z");
        assertThat(event.isOlderThan(record("a", "0062E99A88DC48", "2026-12-01T10:00:00Z"))).isTrue();
        assertThat(event.isOlderThan(record("a", "0062E99A88DC46", "2026-12-01T10:00:09Z"))).isFalse();
    }

    @Test
    void withoutSequencersTheEventTimeDecidesAndTheSameEtagIsNeverOlder() {
        FileEvent event = created("b", null, "2026-12-01T10:00:00Z");
        assertThat(event.isOlderThan(record("a", null, "2026-12-01T10:00:01Z"))).isTrue();
        assertThat(event.isOlderThan(record("b", null, "2026-12-01T10:00:01Z"))).as("same etag").isFalse();
        assertThat(event.isOlderThan(record("a", null, null))).as("cannot be placed").isFalse();
    }

    @Test
    void aFileAFolderSourceHoldsIsNeverOlder() {
        FileEvent polled = new FileEvent("nas", "nas/a.pdf", 1L, "1-1", null, null, Instant.parse("2020-01-01T00:00:00Z"),
                "nas", Path.of("/share/a.pdf"), false, false);
        assertThat(polled.isOlderThan(record("2-2", null, "2026-12-01T10:00:00Z"))).isFalse();
    }

    private static FileEvent created(String etag, String sequencer, String time) {
        return FileEvent.fromS3("landing", "files/a.pdf", 1L, etag, null, sequencer, Instant.parse(time), "test");
    }

    private static JsonNode record(String etag, String sequencer, String time) {
        ObjectNode record = JSON.createObjectNode().put("etag", etag);
        if (sequencer != null) {
            record.put("sequencer", sequencer);
        }
        if (time != null) {
            record.put("event_time", time);
        }
        return record;
    }
}
