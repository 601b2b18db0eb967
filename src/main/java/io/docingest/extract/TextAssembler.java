package io.docingest.extract;

import io.docingest.document.CorruptDocumentException;
import io.docingest.document.IngestDocument;
import io.docingest.document.PageText;
import io.docingest.document.PermanentFailureException;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.SortedMap;

/**
 * Puts the aggregated pages on the document in page order and closes the document's PDF handles. Pages that failed are kept with their
 * reason (the rest of the document still indexes); a document none of whose pages could be read is
 * corrupt, and one that crashed its extractor processes twice is failed with that reason.
 */
public class TextAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(TextAssembler.class);

    private final PdfHandles handles;

    public TextAssembler(PdfHandles handles) {
        this.handles = handles;
    }

    public void assemble(SortedMap<Integer, PageText> pages, @ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) {
        // every batch has given its handle back by now (the extractor never throws)
        handles.closeAll(doc.getFile());
        if (doc.getExtractionFailure() != null) {
            throw new PermanentFailureException(doc.getExtractionFailure());
        }
        if (pages.size() != doc.getPageCount()) {
            throw new IllegalStateException("expected " + doc.getPageCount() + " pages, aggregated " + pages.size());
        }
        long failed = pages.values().stream().filter(PageText::isFailed).count();
        if (failed == pages.size()) {
            throw new CorruptDocumentException("no page could be read: " + pages.get(pages.firstKey()).error(), null);
        }
        if (failed > 0) {
            pages.values().stream().filter(PageText::isFailed)
                    .forEach(p -> LOG.warn("{} page {} skipped: {}", doc.getEvent().key(), p.page(), p.error()));
        }
        doc.setPages(new ArrayList<>(pages.values()));
    }
}
