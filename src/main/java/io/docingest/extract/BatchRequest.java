package io.docingest.extract;

import io.docingest.document.DocumentOptions;
import io.docingest.document.FileType;
import io.docingest.document.PageBatch;

import java.nio.file.Path;

/**
 * One page batch to read: the file, its type (a PDF, an image, or a document Tika reads, with its
 * detected media type), the pages, the document's options, the {@link System#nanoTime()} after
 * which pages are not started (the document's deadline), and where OCR'd pages' word boxes go
 * ({@link WordBoxFiles}; null when no searchable PDF needs them).
 */
public record BatchRequest(Path file, FileType type, String mediaType, PageBatch batch, DocumentOptions options, long deadlineNanos,
                           Path wordBoxes) {

    boolean pastDeadline() {
        return System.nanoTime() - deadlineNanos > 0;
    }
}
