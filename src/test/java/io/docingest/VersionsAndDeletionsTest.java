package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.docingest.document.FileIds;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Versions and deletions as queues deliver them: out of order, late, and after the object changed.
 * The newest version of a key is what the index holds, whatever order its events come in; a
 * deletion removes every trace, and a processor type that moves a file to another index leaves no
 * copy behind. (The race of two workers on two versions: FleetRacesIT.)
 */
class VersionsAndDeletionsTest {

    private static RunningDaemon daemon;

    @BeforeAll
    static void start() throws Exception {
        Properties props = new Properties();
        props.setProperty("ingest.processor-types.contracts.index-suffix", "contracts");
        daemon = new RunningDaemon("versions-deletions", props);
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
    }

    @Test
    void aDeletionRemovesTheFileDocumentItsChunksAndItsThumbnailAndRecordsDeleted() throws Exception {
        String key = "files/deletions/minutes.pdf";
        String fileId = FileIds.fileId(key);
        daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("Minutes of the board meeting"), List.of("Second page"))));
        daemon.deliver(event(key, daemon.etag(key), "0062E99A88DC407460", "2026-12-01T10:00:00Z"));
        assertThat(daemon.get("files", fileId).path("found").asBoolean()).isTrue();
        assertThat(chunks(fileId)).isPositive();
        daemon.servers.s3.headObject(h -> h.bucket(LocalServers.THUMBNAILS).key("thumbnails/" + fileId + ".jpg"));

        daemon.servers.s3.deleteObject(d -> d.bucket(LocalServers.LANDING).key(key));
        daemon.deliver(nativeDeletion(key, "0062E99A88DC407470", "2026-12-01T10:05:00Z"));

        assertThat(daemon.get("files", fileId).path("found").asBoolean()).isFalse();
        assertThat(chunks(fileId)).isZero();
        assertThatThrownBy(() -> daemon.servers.s3.headObject(h -> h.bucket(LocalServers.THUMBNAILS)
                .key("thumbnails/" + fileId + ".jpg"))).isInstanceOf(NoSuchKeyException.class);
        JsonNode status = daemon.status(fileId);
        assertThat(status.path("status").asText()).isEqualTo("deleted");
        assertThat(status.path("superseded").findValuesAsText("status")).contains("indexed");
        assertThat(daemon.metric("ingest_documents_total", "outcome=\"deleted\"")).isEqualTo(1);
    }

    @Test
    void anS3NotificationOfRemovalIsADeletionTooAndALateCreationOlderThanItIsSuperseded() throws Exception {
        String key = "files/deletions/late.pdf";
        String fileId = FileIds.fileId(key);
        daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("Created and then deleted"))));
        String etag = daemon.etag(key);
        double fetches = fetches();
        // The queue hands over the deletion first, then the creation that came before it.
        daemon.deliver("{\"Records\":[{\"eventName\":\"ObjectRemoved:Delete\",\"eventTime\":\"2026-12-01T11:00:01Z\","
                + "\"s3\":{\"bucket\":{\"name\":\"" + LocalServers.LANDING + "\"},\"object\":{\"key\":\"files/deletions/late.pdf\","
                + "\"sequencer\":\"0062E99A88DC5000\"}}}]}");
        daemon.deliver(event(key, etag, "0062E99A88DC4000", "2026-12-01T11:00:00Z"));

        assertThat(fetches()).as("the older creation was not fetched").isEqualTo(fetches);
        assertThat(daemon.get("files", fileId).path("found").asBoolean()).isFalse();
        JsonNode status = daemon.status(fileId);
        assertThat(status.path("status").asText()).isEqualTo("deleted");
        assertThat(status.path("superseded").get(0).path("etag").asText()).isEqualTo(etag);
        assertThat(status.path("superseded").get(0).path("reason").asText()).contains("deleted after this version");
    }

    @Test
    void anOlderVersionArrivingAfterANewerOneIsSupersededWithoutWork() throws Exception {
        String key = "files/versions/contract.pdf";
        String fileId = FileIds.fileId(key);
        daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("Contract, first draft"))));
        String first = daemon.etag(key);
        daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("Contract, signed version"), List.of("Annex"))));
        String second = daemon.etag(key);
        double fetches = fetches();
        daemon.deliver(event(key, second, "0062E99A88DC4800", "2026-12-01T12:00:05Z"));
        daemon.deliver(event(key, first, "0062E99A88DC47", "2026-12-01T12:00:00Z"));

        assertThat(fetches() - fetches).as("only the newer version was fetched").isEqualTo(1);
        JsonNode file = daemon.get("files", fileId).path("_source");
        assertThat(file.path("etag").asText()).isEqualTo(second);
        assertThat(file.path("content").asText()).contains("signed version");
        JsonNode status = daemon.status(fileId);
        assertThat(status.path("status").asText()).isEqualTo("indexed");
        assertThat(status.path("etag").asText()).isEqualTo(second);
        assertThat(status.path("superseded").findValuesAsText("etag")).contains(first);
        assertThat(status.path("completions").asInt()).isEqualTo(1);
    }

    @Test
    void anEventForAVersionTheObjectNoLongerHasIsSupersededByTheConditionalFetch() throws Exception {
        String key = "files/versions/overwritten.pdf";
        String fileId = FileIds.fileId(key);
        daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("Version one"))));
        String first = daemon.etag(key);
        daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("Version two, longer"))));
        // Only the first version's event has come; the second one's is still on its way.
        daemon.deliver(event(key, first, null, "2026-12-01T13:00:00Z"));

        assertThat(daemon.get("files", fileId).path("found").asBoolean()).isFalse();
        JsonNode status = daemon.status(fileId);
        assertThat(status.path("status").asText()).isEqualTo("superseded");
        assertThat(status.path("reason").asText()).contains("412");
        assertThat(daemon.drainDeadLetters()).isEmpty();

        daemon.deliver(event(key, daemon.etag(key), null, "2026-12-01T13:00:02Z"));
        assertThat(daemon.get("files", fileId).path("_source").path("content").asText()).contains("Version two");
        assertThat(daemon.status(fileId).path("superseded").findValuesAsText("etag")).contains(first);
    }

    @Test
    void aFileWhoseProcessorTypeMovesItToAnotherIndexLeavesNoCopyInTheOldOneAndKeepsOnlyItsNewChunks() throws Exception {
        String key = "files/versions/moved.pdf";
        String fileId = FileIds.fileId(key);
        daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("Lease agreement"), List.of("Page two"), List.of("Page three"))));
        daemon.deliver(event(key, daemon.etag(key), null, "2026-12-01T14:00:00Z"));
        assertThat(daemon.get("files", fileId).path("found").asBoolean()).isTrue();
        String oldTag = daemon.get("files", fileId).path("_source").path("chunk_version").asText();

        daemon.servers.s3.putObject(p -> p.bucket(LocalServers.LANDING).key(key)
                        .metadata(Map.of("processor-type", "contracts")),
                RequestBody.fromBytes(Fixtures.bornDigitalPdf(List.of(List.of("Lease agreement, renewed")))));
        daemon.deliver(event(key, daemon.etag(key), null, "2026-12-01T14:10:00Z"));

        assertThat(daemon.get("files", fileId).path("found").asBoolean()).as("the old index's copy").isFalse();
        JsonNode moved = daemon.get("files-contracts", fileId).path("_source");
        assertThat(moved.path("content").asText()).contains("renewed");
        JsonNode hits = daemon.search("chunks", "{\"query\":{\"term\":{\"file_id\":\"" + fileId + "\"}}}").path("hits");
        assertThat(hits.path("total").path("value").asInt()).isEqualTo(moved.path("chunk_count").asInt());
        assertThat(hits.path("hits").findValuesAsText("version")).doesNotContain(oldTag);
    }

    private static double fetches() throws Exception {
        return daemon.metric("ingest_stage_seconds_count", "stage=\"fetch\"");
    }

    private static int chunks(String fileId) throws Exception {
        return daemon.search("chunks", "{\"query\":{\"term\":{\"file_id\":\"" + fileId + "\"}}}")
                .path("hits").path("total").path("value").asInt();
    }

    /** A native EventBridge "Object Created" event, with S3's sequencer when given. */
    private static String event(String key, String etag, String sequencer, String time) {
        return "{\"detail-type\":\"Object Created\",\"source\":\"aws.s3\",\"time\":\"" + time + "\",\"detail\":{"
                + "\"bucket\":{\"name\":\"" + LocalServers.LANDING + "\"},\"object\":{\"key\":\"" + key + "\",\"size\":1,"
                + "\"etag\":\"" + etag + "\"" + (sequencer == null ? "" : ",\"sequencer\":\"" + sequencer + "\"") + "}}}";
    }

    private static String nativeDeletion(String key, String sequencer, String time) {
        return "{\"detail-type\":\"Object Deleted\",\"source\":\"aws.s3\",\"time\":\"" + time + "\",\"detail\":{"
                + "\"bucket\":{\"name\":\"" + LocalServers.LANDING + "\"},\"object\":{\"key\":\"" + key + "\","
                + "\"sequencer\":\"" + sequencer + "\"},\"deletion-type\":\"Permanently Deleted\"}}";
    }
}
