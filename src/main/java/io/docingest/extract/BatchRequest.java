package io.docingest.extract;

import io.docingest.document.DocumentOptions;
import io.docingest.document.PageBatch;

import java.nio.file.Path;

/**
 * One page batch to read: the file, whether it is an image file (else a PDF), the pages, the
 * document's options, and the {@link System#nanoTime()} after which pages are not started
 * (the document's deadline).
 */
public record BatchRequest(Path file, boolean image, PageBatch batch, DocumentOptions options, long deadlineNanos) {

    boolean pastDeadline() {
        return System.nanoTime() - deadlineNanos > 0;
    }
}
