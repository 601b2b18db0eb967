package io.docingest.extract;

import io.docingest.config.ParserChatter;
import io.docingest.document.IngestDocument;
import io.docingest.document.PageBatch;
import io.docingest.document.PageText;
import io.docingest.metrics.IngestMetrics;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads a page batch in an extractor process ({@link ExtractorProcesses}), so the untrusted file
 * is parsed, rendered and OCR'd where a crash, a runaway page or an exhausted heap costs that
 * process only. Deadlines are kept by killing the process: a page over
 * {@code ingest.extract.page-deadline-ms} is failed and the batch goes on from the next page on a
 * fresh process; a batch over {@code ingest.extract.batch-deadline-ms} fails its remaining pages.
 * A process that dies otherwise is the document's doing: its batch is read again on a fresh
 * process, once per document; a second death fails the document
 * with the second one's reason ("crashed the extractor twice: out of memory on page 3"), and
 * {@link TextAssembler} has it parked.
 */
public class ForkedBatchExtractor implements BatchExtractor {

    private static final Logger LOG = LoggerFactory.getLogger(ForkedBatchExtractor.class);

    private final ExtractorProcesses extractors;
    private final IngestMetrics metrics;
    private final long pageDeadlineMs;
    private final long batchDeadlineMs;
    private final long documentTimeoutMs;

    public ForkedBatchExtractor(ExtractorProcesses extractors, IngestMetrics metrics, long pageDeadlineMs,
                                long batchDeadlineMs, long documentTimeoutMs) {
        this.extractors = extractors;
        this.metrics = metrics;
        this.pageDeadlineMs = pageDeadlineMs;
        this.batchDeadlineMs = batchDeadlineMs;
        this.documentTimeoutMs = documentTimeoutMs;
    }

    /** How a process ended a batch early: the page it was on, why, and whether we stopped it for time. */
    private record Death(int page, String reason, boolean overran) {
    }

    @Override
    public List<PageText> extract(PageBatch batch, @ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) {
        List<PageText> pages = new ArrayList<>();
        long batchDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(batchDeadlineMs);
        int next = batch.firstPage();
        try {
            while (next <= batch.lastPage()) {
                String failure = doc.getExtractionFailure();
                if (failure != null) {
                    failRest(pages, next, batch, "not read: " + failure);
                    break;
                }
                ExtractorProcess extractor = extractors.borrow();
                Death death = read(extractor, new PageBatch(next, batch.lastPage()), doc, batchDeadline, pages);
                if (death == null) {
                    extractors.giveBack(extractor);
                    break;
                }
                extractors.discard(extractor);
                if (!extractors.isRunAllowed()) {
                    // stopped with the daemon, not by the document: the drain hands it back to the queue
                    throw new IllegalStateException("the extractor processes stopped while " + doc.getEvent().key() + " was read");
                }
                metrics.extractorDied(death.overran() ? "overran" : death.reason());
                if (death.overran()) {
                    LOG.warn("{}: {}", doc.getEvent().key(), death.reason());
                    pages.add(PageText.failed(death.page(), pageDeadlineMs, death.reason()));
                    if (System.nanoTime() - batchDeadline > 0) {
                        failRest(pages, death.page() + 1, batch, "not started: the batch ran past ingest.extract.batch-deadline-ms ("
                                + batchDeadlineMs + " ms)");
                        break;
                    }
                    next = death.page() + 1;
                } else {
                    next = death.page();
                    if (doc.extractorCrashed() < 2) {
                        LOG.warn("{}: the extractor died ({} on page {}); reading from there again on a fresh one",
                                doc.getEvent().key(), death.reason(), death.page());
                    } else {
                        doc.failExtraction("crashed the extractor twice: " + death.reason() + " on page " + death.page());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + doc.getEvent().key(), e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach an extractor process: " + e.getMessage(), e);
        }
        return pages;
    }

    /** Sends the batch and collects its pages; null when it completed, else how the process died. */
    private Death read(ExtractorProcess extractor, PageBatch batch, IngestDocument doc, long batchDeadline,
                       List<PageText> pages) throws IOException, InterruptedException {
        long remaining = doc.getStartedNanos() + TimeUnit.MILLISECONDS.toNanos(documentTimeoutMs) - System.nanoTime();
        extractor.send(ExtractorProtocol.Request.batch(doc.getFileId(), doc.getFile().toString(), doc.getType(), doc.getMediaType(),
                batch, doc.getOptions(), Math.max(0, TimeUnit.NANOSECONDS.toMillis(remaining)),
                doc.getWordBoxes() == null ? null : doc.getWordBoxes().toString()));
        int page = batch.firstPage();
        long pageDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pageDeadlineMs);
        extractors.working(extractor, doc.getFileId(), page);
        while (true) {
            long wait = Math.min(pageDeadline, batchDeadline) - System.nanoTime();
            ExtractorProtocol.Reply reply = extractor.next(TimeUnit.NANOSECONDS.toMillis(wait));
            if (reply == null) {
                boolean batchOver = batchDeadline - pageDeadline < 0;
                extractor.kill();
                return new Death(page, "page " + page + " took longer than " + (batchOver
                        ? "its batch may (ingest.extract.batch-deadline-ms, " + batchDeadlineMs + " ms)"
                        : "ingest.extract.page-deadline-ms (" + pageDeadlineMs + " ms)") + ": its extractor was stopped", true);
            }
            if (ExtractorProcess.isGone(reply)) {
                return new Death(page, extractor.deathReason(), false);
            }
            switch (reply.type()) {
                case ExtractorProtocol.Reply.START -> {
                    page = reply.page();
                    pageDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pageDeadlineMs);
                    extractors.working(extractor, doc.getFileId(), page);
                }
                case ExtractorProtocol.Reply.PAGE -> pages.add(reply.text());
                case ExtractorProtocol.Reply.DONE -> {
                    ParserChatter.add(doc.getKeyId(), reply.chatterLines(), reply.chatterFirst());
                    return null;
                }
                default -> throw new IOException("unexpected reply from extractor " + extractor.pid() + ": " + reply.type());
            }
        }
    }

    private static void failRest(List<PageText> pages, int from, PageBatch batch, String reason) {
        for (int page = from; page <= batch.lastPage(); page++) {
            pages.add(PageText.failed(page, 0, reason));
        }
    }
}
