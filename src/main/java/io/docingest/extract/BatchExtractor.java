package io.docingest.extract;

import io.docingest.document.IngestDocument;
import io.docingest.document.PageBatch;
import io.docingest.document.PageText;

import java.util.List;

/**
 * Reads one page batch of a document (routes/pipeline/extract.yaml): in this JVM
 * ({@link PageBatchExtractor}) or in an extractor process ({@link ForkedBatchExtractor}), as
 * {@code ingest.extract.isolation} says. Never throws for a bad page: a page that cannot be read
 * is a {@link PageText#FAILED} record, and the document-level steps decide.
 */
public interface BatchExtractor {

    List<PageText> extract(PageBatch batch, IngestDocument doc);
}
