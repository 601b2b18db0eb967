package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.document.FileIds;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fields clients filter on (department, project, tags), filled from an object's metadata,
 * a message's {@code metadata} and the key's folders, in that order of precedence, and found by
 * a {@code term} filter on the file and the chunk documents alike; and a message's {@code fileId}
 * as the document's id, kept for the key's later versions and its deletion.
 */
class MetadataTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static Path inbox;
    private static RunningDaemon daemon;

    @BeforeAll
    static void start() throws Exception {
        inbox = Files.createDirectories(work.resolve("inbox"));
        Properties props = new Properties();
        props.setProperty("ingest.sources.enabled", "sqs,nas");
        props.setProperty("ingest.nas.dir", inbox.toString());
        props.setProperty("ingest.nas.seen-files", work.resolve("seen-files.dat").toString());
        props.setProperty("ingest.nas.stable-for-ms", "300");
        props.setProperty("ingest.nas.poll-delay-ms", "200");
        props.setProperty("ingest.metadata.path-rules", "nas/{department}/**,files/{department}/{project}/**");
        daemon = new RunningDaemon("metadata", props);
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
    }

    @Test
    void objectMetadataTheMessageAndTheFoldersFillTheFiltersOnFileAndChunkDocuments() throws Exception {
        // The object says 経理 (as S3 returns a value that is not ASCII: RFC 2047 encoded); the
        // message says 営業 and the folder 総務: the object's own metadata wins. The message's
        // project wins over the folder's.
        String budget = "files/総務/2025/budget.pdf";
        putObject(budget, pdf("予算書 Budget 2026", "部門別の予算を示す"),
                Map.of("department", encodedWords("経理"), "tags", encodedWords("予算, 2026")));
        daemon.deliver(event(budget, null, Map.of("department", "営業", "project", "P-7"), "2026-11-26T10:00:00Z"));
        // Only the message's project: the department comes from the folder.
        String minutes = "files/営業/2026/minutes.pdf";
        putObject(minutes, pdf("議事録 Minutes", "海外展開の会議"), Map.of());
        daemon.deliver(event(minutes, null, Map.of("project", "海外展開"), "2026-11-26T10:00:00Z"));
        // A NAS file under 経理/2026/: the path rule nas/{department}/** says 経理.
        // A text file beside it, named in capitals as old shares have them: the share's include
        // pattern takes what the pipeline reads, in any case.
        Files.write(Files.createDirectories(inbox.resolve("経理/2026")).resolve("receipt.pdf"), pdf("領収書 Receipt", "経費の精算"));
        Files.write(inbox.resolve("経理/2026/MEMO.TXT"), "経費精算の締め日は毎月二十五日です。".getBytes(java.nio.charset.Charset.forName("Shift_JIS")));
        for (String key : List.of("nas/経理/2026/receipt.pdf", "nas/経理/2026/MEMO.TXT")) {
            await().atMost(1, TimeUnit.MINUTES).until(() -> "indexed".equals(daemon.status(FileIds.fileId(key)).path("status").asText()));
        }

        String budgetId = FileIds.fileId(budget);
        String minutesId = FileIds.fileId(minutes);
        String receiptId = FileIds.fileId("nas/経理/2026/receipt.pdf");
        String memoId = FileIds.fileId("nas/経理/2026/MEMO.TXT");
        JsonNode file = daemon.get("files", budgetId).path("_source");
        assertThat(file.path("department").asText()).isEqualTo("経理");
        assertThat(file.path("project").asText()).isEqualTo("P-7");
        assertThat(file.path("tags")).extracting(JsonNode::asText).containsExactly("予算", "2026");

        assertThat(filesWith("department", "経理")).containsExactlyInAnyOrder(budgetId, receiptId, memoId);
        assertThat(chunksWith("department", "経理")).containsExactlyInAnyOrder(budgetId, receiptId, memoId);
        assertThat(filesWith("department", "営業")).containsExactly(minutesId);
        assertThat(chunksWith("department", "営業")).containsExactly(minutesId);
        assertThat(filesWith("project", "海外展開")).containsExactly(minutesId);
        assertThat(chunksWith("project", "海外展開")).containsExactly(minutesId);
        assertThat(filesWith("tags", "予算")).containsExactly(budgetId);
        assertThat(chunksWith("tags", "予算")).containsExactly(budgetId);
    }

    @Test
    void aMessagesFileIdIsTheDocumentsIdForItsLaterVersionsAndItsDeletion() throws Exception {
        String key = "files/契約/contract.pdf";
        putObject(key, pdf("契約書 第一版", "Contract first draft"), Map.of());
        daemon.deliver(event(key, "CONTRACT-2026-001", Map.of(), "2026-11-26T10:00:00Z"));
        assertThat(daemon.get("files", "CONTRACT-2026-001").path("_source").path("s3_key").asText()).isEqualTo(key);
        assertThat(daemon.get("files", FileIds.fileId(key)).path("found").asBoolean()).isFalse();
        assertThat(chunkIdsOf("CONTRACT-2026-001")).isNotEmpty();
        assertThat(daemon.status("CONTRACT-2026-001").path("status").asText()).isEqualTo("indexed");

        // A new version, announced by S3 itself (no fileId): the document keeps the id.
        putObject(key, pdf("契約書 第二版", "Contract second draft"), Map.of());
        daemon.deliver(event(key, null, Map.of(), "2026-11-26T11:00:00Z"));
        assertThat(daemon.get("files", "CONTRACT-2026-001").path("_source").path("content").asText()).contains("第二版");
        assertThat(daemon.get("files", FileIds.fileId(key)).path("found").asBoolean()).isFalse();

        // A message naming another id for the key: the documents under the old id go.
        putObject(key, pdf("契約書 第三版", "Contract third draft"), Map.of());
        daemon.deliver(event(key, "CONTRACT-2026-002", Map.of(), "2026-11-26T12:00:00Z"));
        assertThat(daemon.get("files", "CONTRACT-2026-002").path("_source").path("content").asText()).contains("第三版");
        assertThat(daemon.get("files", "CONTRACT-2026-001").path("found").asBoolean()).isFalse();
        assertThat(chunkIdsOf("CONTRACT-2026-001")).isEmpty();

        // S3's deletion event names only the key: the documents under the message's id go.
        daemon.deliver("{\"s3Bucket\":\"" + LocalServers.LANDING + "\",\"s3Key\":\"" + key
                + "\",\"eventType\":\"Object Deleted\",\"eventTime\":\"2026-11-26T13:00:00Z\"}");
        assertThat(daemon.get("files", "CONTRACT-2026-002").path("found").asBoolean()).isFalse();
        assertThat(chunkIdsOf("CONTRACT-2026-002")).isEmpty();
        assertThat(daemon.status("CONTRACT-2026-002").path("status").asText()).isEqualTo("deleted");
    }

    private static void putObject(String key, byte[] content, Map<String, String> metadata) {
        daemon.servers.s3.putObject(p -> p.bucket(LocalServers.LANDING).key(key).metadata(metadata), RequestBody.fromBytes(content));
    }

    /**
     * A value that is not ASCII, as a client must send it in a header (S3 returns it so too): raw
     * UTF-8 in x-amz-meta-* fails the request's signature.
     */
    private static String encodedWords(String value) {
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /** The original worker's message: the transformed shape with its fileId and metadata. */
    private static String event(String key, String fileId, Map<String, String> metadata, String time) throws Exception {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("s3Bucket", LocalServers.LANDING);
        event.put("s3Key", key);
        event.put("fileSize", 1);
        event.put("etag", daemon.etag(key));
        event.put("eventTime", time);
        if (fileId != null) {
            event.put("fileId", fileId);
        }
        if (!metadata.isEmpty()) {
            event.put("metadata", metadata);
        }
        return JSON.writeValueAsString(event);
    }

    private static byte[] pdf(String... lines) throws Exception {
        return Fixtures.bornDigitalPdf(List.of(List.of(lines)));
    }

    private static TreeSet<String> filesWith(String field, String value) throws Exception {
        return fileIds(daemon.search("files", term(field, value)));
    }

    private static TreeSet<String> chunksWith(String field, String value) throws Exception {
        return fileIds(daemon.search("chunks", term(field, value)));
    }

    private static List<String> chunkIdsOf(String fileId) throws Exception {
        List<String> ids = new ArrayList<>();
        daemon.search("chunks", term("file_id", fileId)).path("hits").path("hits").forEach(hit -> ids.add(hit.path("_id").asText()));
        return ids;
    }

    private static String term(String field, String value) throws Exception {
        return JSON.writeValueAsString(Map.of("size", 100, "query", Map.of("term", Map.of(field, value))));
    }

    private static TreeSet<String> fileIds(JsonNode answer) {
        TreeSet<String> ids = new TreeSet<>();
        answer.path("hits").path("hits").forEach(hit -> ids.add(hit.path("_source").path("file_id").asText()));
        return ids;
    }
}
