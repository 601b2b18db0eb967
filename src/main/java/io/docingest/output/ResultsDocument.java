package io.docingest.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.document.FileEvent;
import io.docingest.document.IngestDocument;
import io.docingest.document.PageCode;
import io.docingest.document.PageText;
import org.apache.camel.ExchangeProperty;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A document's results as one JSON file (output: results), for systems that read them without
 * OpenSearch: which object and version, how it was processed, each page's text and provenance
 * (source, confidence, codes found, why a page failed), and the document's metadata fields.
 * Built from what the pipeline holds in memory; nothing is parsed again.
 */
public class ResultsDocument {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String pipelineVersion;

    public ResultsDocument(String pipelineVersion) {
        this.pipelineVersion = pipelineVersion;
    }

    public byte[] build(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) throws IOException {
        FileEvent event = doc.getEvent();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("document_id", doc.getFileId());
        results.put("bucket", event.bucket());
        results.put("key", event.key());
        results.put("etag", event.etag());
        results.put("file_type", doc.fileType());
        results.put("processor_type", doc.getOptions().processorType());
        results.put("ocr_languages", doc.getOptions().ocrLanguages());
        results.put("page_count", doc.getPageCount());
        results.put("metadata", doc.getMetadataFields());
        results.put("pages", doc.getPages().stream().map(ResultsDocument::page).toList());
        if (doc.getSearchablePdfConformance() != null) {
            Map<String, Object> searchable = new LinkedHashMap<>();
            searchable.put("conformance", doc.getSearchablePdfConformance());
            if (doc.getNotPdfAReason() != null) {
                searchable.put("why_not_pdf_a", doc.getNotPdfAReason());
            }
            results.put("searchable_pdf", searchable);
        }
        results.put("pipeline_version", pipelineVersion);
        results.put("written_at", Instant.now().toString());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(results);
    }

    private static Map<String, Object> page(PageText page) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("page", page.page());
        fields.put("source", page.source());
        fields.put("confidence", page.confidence());
        fields.put("text", page.text());
        List<Map<String, Object>> codes = PageCode.fields(List.of(page));
        if (!codes.isEmpty()) {
            fields.put("codes", codes);
        }
        if (page.error() != null) {
            fields.put("error", page.error());
        }
        return fields;
    }
}
