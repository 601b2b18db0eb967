package io.docingest.options;

/**
 * How one document is processed, chosen per document by its processor type
 * ({@code ingest.processor-types.<name>} in config).
 */
public record DocumentOptions(String processorType, String ocrLanguages, boolean skipOcr, String indexSuffix) {

    /** The file index for this document: the configured one, or {@code <it>-<index-suffix>} (same template). */
    public String fileIndex(String configured) {
        return indexSuffix.isEmpty() ? configured : configured + "-" + indexSuffix;
    }
}
