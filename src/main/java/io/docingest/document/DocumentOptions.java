package io.docingest.document;

import java.util.Arrays;
import java.util.List;

/**
 * How one document is processed, chosen per document by its processor type
 * ({@code ingest.processor-types.<name>} in config), and raised to high priority by a source that
 * takes only urgent documents (the priority queue). {@code ocrEmbeddedImages}: the images inside an
 * office or mail document are OCR'd too. {@code output}: what is written beside the index
 * (comma-separated: {@code searchable-pdf}, {@code results}; empty: nothing).
 */
public record DocumentOptions(String processorType, String ocrLanguages, boolean skipOcr, String indexSuffix,
                              String priority, String detectCodes, boolean ocrEmbeddedImages, String output) {

    public static final String HIGH = "high";
    /** detect-codes: on OCR'd pages and images only (their pixels are decoded already). */
    public static final String CODES_ON_SCANS = "scanned";
    /** detect-codes: on text-layer pages too, from a render at ingest.pages.codes-dpi. */
    public static final String CODES_ON_ALL = "all";

    public static final String SEARCHABLE_PDF = "searchable-pdf";
    public static final String RESULTS = "results";

    /** A copy of the document with an invisible text layer on its OCR'd pages is written. */
    public boolean searchablePdf() {
        return outputs().contains(SEARCHABLE_PDF);
    }

    /** Its results (pages, provenance, codes, metadata) are written as JSON. */
    public boolean results() {
        return outputs().contains(RESULTS);
    }

    private List<String> outputs() {
        return Arrays.stream(output.split(",")).map(String::strip).toList();
    }

    public boolean codesOnScans() {
        return CODES_ON_SCANS.equals(detectCodes) || CODES_ON_ALL.equals(detectCodes);
    }

    public boolean codesOnTextPages() {
        return CODES_ON_ALL.equals(detectCodes);
    }

    /** The file index for this document: the configured one, or {@code <it>-<index-suffix>} (same template). */
    public String fileIndex(String configured) {
        return indexSuffix.isEmpty() ? configured : configured + "-" + indexSuffix;
    }

    public boolean isHighPriority() {
        return HIGH.equals(priority);
    }

    public DocumentOptions withHighPriority() {
        return new DocumentOptions(processorType, ocrLanguages, skipOcr, indexSuffix, HIGH, detectCodes, ocrEmbeddedImages, output);
    }
}
