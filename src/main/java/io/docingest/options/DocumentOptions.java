package io.docingest.options;

/**
 * How one document is processed, chosen per document by its processor type
 * ({@code ingest.processor-types.<name>} in config).
 */
public record DocumentOptions(String processorType, String ocrLanguages, boolean skipOcr) {
}
