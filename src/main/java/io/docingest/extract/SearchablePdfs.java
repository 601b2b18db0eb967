package io.docingest.extract;

import io.docingest.document.DeleteFileOnCompletion;
import io.docingest.document.IngestDocument;
import io.docingest.document.PageText;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a document's searchable PDF (routes/pipeline/output.yaml) to a private temp file, removed
 * when the exchange completes, as the message body. The writing parses the
 * original again, so it happens where the pages were read: in an extractor process
 * ({@code ingest.extract.isolation: processes}; one that dies or overruns
 * {@code ingest.extract.batch-deadline-ms} fails the write, retried with the document), or in
 * this JVM ({@code none}).
 */
public class SearchablePdfs {

    private final ExtractorProcesses extractors;
    private final SearchablePdfWriter inProcess;
    private final Path workDir;
    private final long deadlineMs;

    /** {@code extractors} null: written in this JVM by {@code inProcess}. */
    public SearchablePdfs(ExtractorProcesses extractors, SearchablePdfWriter inProcess, String workDir, long deadlineMs) {
        this.extractors = extractors;
        this.inProcess = inProcess;
        this.workDir = DeleteFileOnCompletion.workDir(workDir);
        this.deadlineMs = deadlineMs;
    }

    public void write(Exchange exchange) throws Exception {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        Path out = DeleteFileOnCompletion.createFor(exchange, workDir, "searchable-", ".pdf");
        if (extractors == null) {
            inProcess.write(doc.getFile(), doc.getType(), doc.getPages(), out);
        } else {
            writeInExtractor(doc, doc.getPages(), out);
        }
        exchange.getMessage().setBody(out.toFile());
    }

    private void writeInExtractor(IngestDocument doc, List<PageText> pages, Path out) throws IOException, InterruptedException {
        ExtractorProcess extractor = extractors.borrow();
        boolean healthy = false;
        try {
            extractor.send(ExtractorProtocol.Request.searchablePdf(doc.getFileId(), doc.getFile().toString(), doc.getType(), pages,
                    out.toString()));
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
        } finally {
            if (healthy) {
                extractors.giveBack(extractor);
            } else {
                extractors.discard(extractor);
            }
        }
    }
}
