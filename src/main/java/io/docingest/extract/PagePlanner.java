package io.docingest.extract;

import io.docingest.config.Limits;
import io.docingest.document.FileType;
import io.docingest.document.IngestDocument;
import io.docingest.document.LimitExceededException;
import io.docingest.document.PageBatch;
import io.docingest.document.PermanentFailureException;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Counts a document's pages and hands the splitter an iterator of page batches, two numbers each,
 * so a 1,000-page scan costs no more memory than a 10-page one. The splitter queues them all on the
 * page workers' pool at once, behind the batches of documents that came before.
 * <p>
 * Batches shrink towards the document's end (guided self-scheduling): each is the pages still
 * unplanned over twice the page workers, at most {@code ingest.pages.batch-size} and at least one.
 * A long document gets full batches, which keep the per-batch cost small, and ends in single
 * pages, so no page worker idles while another finishes a last full batch; a short one is spread
 * over all the workers instead of filling one batch (a 4-page scan took one core of two).
 */
public class PagePlanner {

    private final int batchSize;
    private final int workers;
    private final Limits limits;

    public PagePlanner(int batchSize, int workers, Limits limits) {
        this.batchSize = batchSize;
        this.workers = workers;
        this.limits = limits;
    }

    public Iterator<PageBatch> plan(IngestDocument doc) {
        int pages = doc.getType() == FileType.DOCUMENT ? 1  // a text or office document's text is one page
                : doc.getType().isImage() ? ImagePages.count(doc.getFile(), limits.maxPixelsPerPage()) : pdfPageCount(doc);
        if (pages == 0) {
            throw new PermanentFailureException("document has no pages");
        }
        if (pages > limits.maxPages()) {
            throw new LimitExceededException("document has " + pages + " pages, over ingest.limits.max-pages (" + limits.maxPages() + ")");
        }
        doc.setPageCount(pages);
        return new BatchIterator(pages, batchSize, workers);
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
        private final int workers;
        private int next = 1;

        BatchIterator(int pages, int batchSize, int workers) {
            this.pages = pages;
            this.batchSize = batchSize;
            this.workers = workers;
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
            int unplanned = pages - next + 1;
            int size = Math.max(1, Math.min(batchSize, -Math.floorDiv(-unplanned, 2 * workers)));
            PageBatch batch = new PageBatch(next, next + size - 1);
            next = batch.lastPage() + 1;
            return batch;
        }
    }
}
