package io.docingest.extract;

import io.docingest.document.DocumentOptions;
import io.docingest.document.FileType;
import io.docingest.document.PageBatch;

import java.nio.file.Path;

/**
 * One page batch to read: the file, its type (a PDF, an image, or a document Tika reads, with its
 * detected media type), the pages, the
 * document's options, and the {@link System#nanoTime()} after which pages are not started
 * (the document's deadline).
 */
public record BatchRequest(Path file, FileType type, String mediaType, PageBatch batch, DocumentOptions options, long deadlineNanos) {

    boolean pastDeadline() {
        return System.nanoTime() - deadlineNanos > 0;
    }
}
