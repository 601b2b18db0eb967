package io.docingest.document;

/**
 * How one document is processed, chosen per document by its processor type
 * ({@code ingest.processor-types.<name>} in config), and raised to high priority by a source that
 * takes only urgent documents (the priority queue).
 */
public record DocumentOptions(String processorType, String ocrLanguages, boolean skipOcr, String indexSuffix,
                              String priority) {

    public static final String HIGH = "high";

    /** The file index for this document: the configured one, or {@code <it>-<index-suffix>} (same template). */
    public String fileIndex(String configured) {
        return indexSuffix.isEmpty() ? configured : configured + "-" + indexSuffix;
    }

    public boolean isHighPriority() {
        return HIGH.equals(priority);
    }

    public DocumentOptions withHighPriority() {
        return new DocumentOptions(processorType, ocrLanguages, skipOcr, indexSuffix, HIGH);
    }
}
