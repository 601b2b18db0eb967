package io.docingest.index;

import io.docingest.document.EmbeddedChunk;
import io.docingest.document.FileEvent;
import io.docingest.document.IngestDocument;
import io.docingest.document.PageCode;
import io.docingest.document.PageText;
import io.docingest.document.Status;
import org.apache.camel.ExchangeProperty;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.bulk.IndexOperation;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds what routes/pipeline/index.yaml writes: a bulk request of chunk documents, then the file
 * document. Ids are deterministic ({@code file_id}, {@code file_id-versionTag-chunkNo}) so a retry or
 * a repeated event overwrites instead of duplicating, and two versions' chunks never share one;
 * the file document goes last and marks the file as indexed.
 */
public class IndexRequests {

    private final String chunkIndex;
    private final String pipelineVersion;

    public IndexRequests(String chunkIndex, String pipelineVersion) {
        this.pipelineVersion = pipelineVersion;
        this.chunkIndex = chunkIndex;
    }

    /** Built operations, not a builder: a redelivery sends the same body again, and builders are single-use. */
    public List<IndexOperation<Map<String, Object>>> chunkDocuments(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) {
        List<IndexOperation<Map<String, Object>>> bulk = new ArrayList<>();
        for (EmbeddedChunk embedded : doc.getChunks()) {
            Map<String, Object> chunk = new LinkedHashMap<>();
            chunk.put("file_id", doc.getFileId());
            chunk.put("s3_key", doc.getEvent().key());
            chunk.put("etag", doc.getEvent().etag());
            chunk.put("version", doc.getEvent().versionTag());
            chunk.put("chunk", embedded.chunk().index());
            chunk.put("page_from", embedded.chunk().firstPage());
            chunk.put("page_to", embedded.chunk().lastPage());
            chunk.put("content", embedded.chunk().text());
            chunk.put("embedding", embedded.vector());
            // The fields clients filter on, where the pipeline has no field of that name.
            doc.getMetadataFields().forEach(chunk::putIfAbsent);
            String id = doc.getFileId() + "-" + doc.getEvent().versionTag() + "-" + embedded.chunk().index();
            bulk.add(new IndexOperation.Builder<Map<String, Object>>().index(chunkIndex).id(id).document(chunk).build());
        }
        return bulk;
    }

    /** camel-opensearch returns the bulk items without failing on item errors: check them here. */
    public void requireBulkSuccess(Object response) {
        List<BulkResponseItem> items = response instanceof BulkResponse bulk ? bulk.items() : castItems(response);
        for (BulkResponseItem item : items) {
            if (item.error() != null) {
                throw new IndexingException("chunk " + item.id() + " not indexed: " + item.error().reason(), item.status());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<BulkResponseItem> castItems(Object response) {
        return (List<BulkResponseItem>) response;
    }

    public Map<String, Object> fileDocument(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) {
        FileEvent event = doc.getEvent();
        String content = doc.getContent();
        List<PageText> pages = doc.getPages();
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("file_id", doc.getFileId());
        file.put("s3_key", event.key());
        file.put("bucket", event.bucket());
        file.put("etag", event.etag());
        file.putAll(event.versionFields());
        file.put("chunk_version", event.versionTag());
        file.put("file_name", event.fileName());
        file.put("file_path", event.key().contains("/") ? event.key().substring(0, event.key().lastIndexOf('/')) : "");
        file.put("file_ext", extension(event.fileName()));
        file.put("file_type", doc.fileType());
        file.put("file_size", fileSize(doc));
        // Without a reader the document is still found by its name, and says why it has no text.
        file.put("content_state", doc.getNoReaderReason() == null ? "text" : "no-reader");
        if (doc.getNoReaderReason() != null) {
            file.put("content_reason", doc.getNoReaderReason());
        }
        file.put("content", content);
        file.put("content_length", content.length());
        float[] vector = DocumentVector.meanOf(doc.getChunks());
        if (vector != null) {
            file.put("embedding", vector);
        }
        file.put("chunk_count", doc.getChunks().size());
        file.put("thumbnail_url", doc.getThumbnailUrl());
        file.put("page_count", doc.getPageCount());
        file.put("pages_ocr", pages.stream().filter(p -> PageText.OCR.equals(p.source())).count());
        file.put("pages_failed", pages.stream().filter(PageText::isFailed).count());
        file.put("pages_blank", pages.stream().filter(p -> PageText.BLANK.equals(p.source())).count());
        if (doc.getRepaired() != null) {
            file.put("repaired", doc.getRepaired());
        }
        pages.stream().filter(p -> p.confidence() >= 0).mapToInt(PageText::confidence).average()
                .ifPresent(mean -> file.put("ocr_confidence", Math.round(mean)));
        file.put("pages", pages.stream().map(IndexRequests::provenance).toList());
        List<Map<String, Object>> codes = PageCode.fields(pages);
        if (!codes.isEmpty()) {
            file.put("codes", codes);
        }
        file.put("source", event.source());
        file.put("processor_type", doc.getOptions().processorType());
        file.put("ocr_languages", doc.getOptions().ocrLanguages());
        file.put("priority", doc.getOptions().priority());
        file.put("status", Status.INDEXED.label());
        file.put("pipeline_version", pipelineVersion);
        file.put("indexed_at", Instant.now().toString());
        doc.getMetadataFields().forEach(file::putIfAbsent);
        return file;
    }

    private static Map<String, Object> provenance(PageText page) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("page", page.page());
        p.put("source", page.source());
        p.put("confidence", page.confidence());
        p.put("millis", page.millis());
        if (page.error() != null) {
            p.put("error", page.error());
        }
        return p;
    }

    /** The bytes fetched; the event's figure when the spool file is gone (it is deleted only when the exchange completes). */
    private static Long fileSize(IngestDocument doc) {
        try {
            return doc.getFile() == null ? doc.getEvent().size() : Files.size(doc.getFile());
        } catch (IOException e) {
            return doc.getEvent().size();
        }
    }

    private static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot).toLowerCase(Locale.ROOT);
    }
}
