package io.docingest.extract;

import io.docingest.document.CorruptDocumentException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Open PDFBox handles per document, lent to one page batch at a time (PDFBox documents are not
 * thread-safe) and reused by the next batch: opening a 1,000-page PDF costs far more than reading
 * one page of it. A handle is reopened after {@value #PAGES_PER_HANDLE} pages so the objects it
 * has parsed cannot grow with the document, and all are closed when the document's pages are done.
 * A handle is lent only while its file is still the one it opened (the same file, size and time):
 * a share's file saved again under its name, or replaced by its searchable copy, is a new version
 * that an extractor process, keeping files open between documents ({@link OpenFiles}), would
 * otherwise go on reading as the old one.
 */
public class PdfHandles {

    /** Bounds what one handle can accumulate; at that size reopening costs ~1% of the pages' work. */
    private static final int PAGES_PER_HANDLE = 200;

    private final ConcurrentHashMap<Path, Queue<Handle>> idle = new ConcurrentHashMap<>();

    /** A handle, the version of the file it opened, and how many pages it has served. */
    public static final class Handle {
        private final PDDocument pdf;
        private final Version version;
        private int pages;

        private Handle(PDDocument pdf, Version version) {
            this.pdf = pdf;
            this.version = version;
        }

        public PDDocument pdf() {
            return pdf;
        }

        public void servedPages(int count) {
            pages += count;
        }
    }

    /** Closes the document's handles; called once its page batches are all done. */
    public void closeAll(Path file) {
        Queue<Handle> handles = idle.remove(file);
        if (handles != null) {
            handles.forEach(PdfHandles::close);
        }
    }

    public Handle borrow(Path file) throws IOException {
        Version version = Version.of(file);
        Queue<Handle> handles = idle.computeIfAbsent(file, f -> new ConcurrentLinkedQueue<>());
        for (Handle handle = handles.poll(); handle != null; handle = handles.poll()) {
            if (handle.version.equals(version)) {
                return handle;
            }
            close(handle);
        }
        // Parsed streams are cached in temp files, not heap, so a batch of large scans stays small.
        PDDocument pdf = Loader.loadPDF(new RandomAccessReadBufferedFile(file.toFile()), null, null, null,
                IOUtils.createTempFileOnlyStreamCache());
        pdf.setResourceCache(new FontsNotImagesCache());
        return new Handle(pdf, version);
    }

    public void giveBack(Path file, Handle handle) {
        Queue<Handle> handles = idle.get(file);
        if (handles == null || handle.pages >= PAGES_PER_HANDLE) {
            close(handle);
        } else {
            handles.add(handle);
        }
    }

    /** Which file a path names now: the file itself (its inode, where the file system has one), its size and time. */
    private record Version(Object fileKey, long size, FileTime modified) {
        static Version of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Version(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime());
        }
    }

    private static void close(Handle handle) {
        try {
            handle.pdf.close();
        } catch (IOException e) {
            throw new CorruptDocumentException("cannot close PDF handle", e);
        }
    }
}
