package io.docingest.config;

/**
 * Limits that protect a worker from one bad file (all from config, ingest.limits.*): the object's
 * size, the page count, the pixels a page may decode to (decompression bombs), the OCR time a
 * page may take and the time a whole document may take.
 */
public record Limits(long maxObjectBytes, int maxPages, long maxPixelsPerPage, int ocrPageTimeoutMs,
                     long documentTimeoutMs) {
}
