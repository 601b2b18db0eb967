package io.docingest.extract;

import io.docingest.config.Limits;
import io.docingest.document.IngestDocument;
import io.docingest.document.LimitExceededException;
import io.docingest.document.PageBatch;
import io.docingest.document.PermanentFailureException;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Counts a document's pages and hands the splitter an iterator of page batches (size from config),
 * produced lazily so a 1,000-page scan costs no more memory than a 10-page one.
 */
public class PagePlanner {

    private final int batchSize;
    private final Limits limits;

    public PagePlanner(int batchSize, Limits limits) {
        this.batchSize = batchSize;
        this.limits = limits;
    }

    public Iterator<PageBatch> plan(IngestDocument doc) {
        int pages = doc.getType().isImage() ? ImagePages.count(doc.getFile(), limits.maxPixelsPerPage()) : pdfPageCount(doc);
        if (pages == 0) {
            throw new PermanentFailureException("document has no pages");
        }
        if (pages > limits.maxPages()) {
            throw new LimitExceededException("document has " + pages + " pages, over ingest.limits.max-pages (" + limits.maxPages() + ")");
        }
        doc.setPageCount(pages);
        return new BatchIterator(pages, batchSize);
    }

    private static int pdfPageCount(IngestDocument doc) {
        StringBuilder repairs = new StringBuilder();
        int pages = PdfStructure.pageCount(doc.getFile(), repairs);
        if (!repairs.isEmpty()) {
            doc.setRepaired(repairs.toString());
        }
        return pages;
    }

    private static final class BatchIterator implements Iterator<PageBatch> {
        private final int pages;
        private final int batchSize;
        private int next = 1;

        BatchIterator(int pages, int batchSize) {
            this.pages = pages;
            this.batchSize = batchSize;
        }

        @Override
        public boolean hasNext() {
            return next <= pages;
        }

        @Override
        public PageBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            PageBatch batch = new PageBatch(next, Math.min(pages, next + batchSize - 1));
            next = batch.lastPage() + 1;
            return batch;
        }
    }
}
