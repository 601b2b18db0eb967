package io.docingest.extract;

import io.docingest.document.DeleteFileOnCompletion;
import io.docingest.document.IngestDocument;
import io.docingest.document.PageText;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes a document's searchable PDF (routes/pipeline/output.yaml) to a private temp file, removed
 * when the exchange completes, as the message body, from the word boxes OCR left in the
 * document's {@link WordBoxFiles} folder. The writing parses the
 * original again, so it happens where the pages were read: in an extractor process
 * ({@code ingest.extract.isolation: processes}; one that dies or overruns
 * {@code ingest.extract.batch-deadline-ms} fails the write, retried with the document), or in
 * this JVM ({@code none}). With {@code ingest.output.pdf-a}, the document records whether the copy
 * is PDF/A-2b, and if not, why (the results JSON says it; the copy is stored either way).
 */
public class SearchablePdfs {

    private static final Logger LOG = LoggerFactory.getLogger(SearchablePdfs.class);

    private final ExtractorProcesses extractors;
    private final SearchablePdfWriter inProcess;
    private final boolean pdfA;
    private final Path workDir;
    private final long deadlineMs;

    /** {@code extractors} null: written in this JVM by {@code inProcess}. */
    public SearchablePdfs(ExtractorProcesses extractors, SearchablePdfWriter inProcess, boolean pdfA, String workDir,
                          long deadlineMs) {
        this.extractors = extractors;
        this.inProcess = inProcess;
        this.pdfA = pdfA;
        this.workDir = DeleteFileOnCompletion.workDir(workDir);
        this.deadlineMs = deadlineMs;
    }

    public void write(Exchange exchange) throws Exception {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        Path out = DeleteFileOnCompletion.createFor(exchange, workDir, "searchable-", ".pdf");
        Set<Integer> ocred = doc.getPages().stream().filter(page -> PageText.OCR.equals(page.source())).map(PageText::page)
                .collect(Collectors.toSet());
        SearchablePdfWriter.Written written = extractors == null
                ? inProcess.write(doc.getFile(), doc.getType(), doc.getPageCount(), ocred, doc.getWordBoxes(), out)
                : writeInExtractor(doc, ocred, out);
        doc.setSignedPdf(written.signed());
        String notPdfA = written.notPdfA();
        if (pdfA) {
            doc.setSearchablePdfConformance(notPdfA == null ? "PDF/A-2b" : "PDF", notPdfA);
            if (notPdfA != null) {
                LOG.warn("The searchable PDF of {} is stored as a plain PDF: {}", doc.getEvent().key(), notPdfA);
            }
        }
        exchange.getMessage().setBody(out.toFile());
    }

    private SearchablePdfWriter.Written writeInExtractor(IngestDocument doc, Set<Integer> ocred, Path out)
            throws IOException, InterruptedException {
        ExtractorProcess extractor = extractors.borrow();
        boolean healthy = false;
        try {
            extractor.send(ExtractorProtocol.Request.searchablePdf(doc.getFileId(), doc.getFile().toString(), doc.getType(),
                    doc.getPageCount(), ocred, doc.getWordBoxes().toString(), out.toString()));
            ExtractorProtocol.Reply reply = extractor.next(deadlineMs);
            if (reply == null) {
                extractor.kill();
                throw new IOException("writing the searchable PDF took longer than ingest.extract.batch-deadline-ms (" + deadlineMs
                        + " ms): its extractor was stopped");
            }
            if (ExtractorProcess.isGone(reply)) {
                throw new IOException("the extractor died writing the searchable PDF: " + extractor.deathReason());
            }
            healthy = true;
            if (reply.error() != null) {
                throw new IOException("the searchable PDF was not written: " + reply.error());
            }
            return new SearchablePdfWriter.Written(reply.notPdfA(), reply.signed());
        } finally {
            if (healthy) {
                extractors.giveBack(extractor);
            } else {
                extractors.discard(extractor);
            }
        }
    }
}
