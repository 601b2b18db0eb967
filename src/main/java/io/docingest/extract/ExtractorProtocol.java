package io.docingest.extract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.config.Limits;
import io.docingest.document.DocumentOptions;
import io.docingest.document.FileType;
import io.docingest.document.PageBatch;
import io.docingest.document.PageText;
import io.docingest.ocr.OcrSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * What the daemon and an extractor process say to each other: one JSON object per line, the
 * daemon's on the child's stdin, the child's on its stdout. The child's lines start with
 * {@link #MARK}, so anything else a library or native code prints to stdout is told apart
 * (and logged) rather than taken for a reply.
 */
final class ExtractorProtocol {

    static final String MARK = "\u0001extractor ";
    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ExtractorProtocol() {
    }

    /** The first line the daemon sends: everything the child needs to read pages as the daemon would. */
    record Settings(OcrSettings ocr, Limits limits, int textLayerMinChars, int dpi, int codesDpi, String outputFont,
                    boolean outputPdfA, Map<String, String> logging) {
    }

    /**
     * A batch to read; the document's deadline travels as what is left of it, and OCR'd pages'
     * word boxes go to {@code wordBoxes} when it is set. Or, with {@code out}, the searchable PDF
     * to write there from the file's {@code pageCount} pages and the word boxes of its
     * {@code ocred} pages.
     */
    record Request(String fileId, String file, FileType type, String mediaType, PageBatch batch, DocumentOptions options,
                   long remainingMillis, String wordBoxes, int pageCount, Set<Integer> ocred, String out) {

        static Request batch(String fileId, String file, FileType type, String mediaType, PageBatch batch, DocumentOptions options,
                             long remainingMillis, String wordBoxes) {
            return new Request(fileId, file, type, mediaType, batch, options, remainingMillis, wordBoxes, 0, null, null);
        }

        static Request searchablePdf(String fileId, String file, FileType type, int pageCount, Set<Integer> ocred, String wordBoxes,
                                     String out) {
            return new Request(fileId, file, type, null, null, null, 0, wordBoxes, pageCount, ocred, out);
        }
    }

    /**
     * A line from the child: {@code ready} once its engine is loaded, {@code start} as it begins
     * a page, {@code page} with a page's text, {@code done} after the batch's last page with what
     * the parsers said meanwhile (how many warnings, the first of them); {@code written} once a
     * searchable PDF is (with why it is not PDF/A-2b, if it was to be, and whether its original is
     * signed), or with the {@code error} that stopped it.
     */
    record Reply(String type, int page, PageText text, long chatterLines, String chatterFirst, String error, String notPdfA,
                 boolean signed) {

        static final String READY = "ready";
        static final String START = "start";
        static final String PAGE = "page";
        static final String DONE = "done";
        static final String WRITTEN = "written";

        static Reply ready() {
            return new Reply(READY, 0, null, 0, null, null, null, false);
        }

        static Reply start(int page) {
            return new Reply(START, page, null, 0, null, null, null, false);
        }

        static Reply page(PageText text) {
            return new Reply(PAGE, text.page(), text, 0, null, null, null, false);
        }

        static Reply done(long chatterLines, String chatterFirst) {
            return new Reply(DONE, 0, null, chatterLines, chatterFirst, null, null, false);
        }

        static Reply written(SearchablePdfWriter.Written written) {
            return new Reply(WRITTEN, 0, null, 0, null, null, written.notPdfA(), written.signed());
        }

        static Reply notWritten(String error) {
            return new Reply(WRITTEN, 0, null, 0, null, error, null, false);
        }
    }

    static String line(Object message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(String line, Class<T> type) {
        try {
            return JSON.readValue(line, type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable extractor message: " + line, e);
        }
    }
}
