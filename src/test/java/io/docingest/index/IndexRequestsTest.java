package io.docingest.index;

import io.docingest.document.DocumentOptions;
import io.docingest.document.EmbeddedChunk;
import io.docingest.document.FileEvent;
import io.docingest.document.FileType;
import io.docingest.document.IngestDocument;
import io.docingest.document.PageText;
import io.docingest.document.TextChunk;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The metadata fields go on the file and chunk documents, and never over a field the pipeline writes. */
class IndexRequestsTest {

    @Test
    void aConfiguredFieldNamedLikeThePipelinesOwnDoesNotOverrideIt() {
        IngestDocument doc = new IngestDocument(FileEvent.fromS3("landing", "files/経理/a.pdf", 10L, "e1", null, null,
                Instant.parse("2026-12-01T00:00:00Z"), "test"), "id-1");
        doc.setType(FileType.PDF);
        doc.setOptions(new DocumentOptions("default", "jpn+eng", false, "", "normal", "scanned", false, ""));
        doc.setPages(List.of(new PageText(1, "本文", PageText.TEXT_LAYER, -1, 1, null)));
        doc.setChunks(List.of(new EmbeddedChunk(new TextChunk(0, "本文", 1, 1), new float[]{0.5f})));
        doc.setMetadataFields(Map.of("department", "経理", "s3_key", "elsewhere.pdf", "file_id", "other", "status", "draft"));
        IndexRequests requests = new IndexRequests("chunks", "1");

        Map<String, Object> file = requests.fileDocument(doc);
        assertThat(file).containsEntry("department", "経理").containsEntry("s3_key", "files/経理/a.pdf")
                .containsEntry("file_id", "id-1").containsEntry("status", "indexed");
        Map<String, Object> chunk = requests.chunkDocuments(doc).get(0).document();
        assertThat(chunk).containsEntry("department", "経理").containsEntry("s3_key", "files/経理/a.pdf")
                .containsEntry("file_id", "id-1");
    }
}
