package io.docingest.extract;

import io.docingest.document.DeleteFileOnCompletion;
import io.docingest.document.IngestDocument;
import io.docingest.document.OcrLayout;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Each OCR'd page's word boxes, for the document's searchable PDF: written to a file of the
 * page's own, in a folder of the document's, by whatever read the page (an extractor process) as
 * its batch finishes, and read back one page at a time by {@link SearchablePdfWriter}. The boxes
 * never travel back to the daemon with the text, and no step holds a whole document's of them (a
 * dense page has some 300 words; a 1,000-page scan 300,000).
 */
public class WordBoxFiles {

    private final Path workDir;

    public WordBoxFiles(String workDir) {
        this.workDir = DeleteFileOnCompletion.workDir(workDir);
    }

    /** The document's folder for them (routes/pipeline/extract.yaml), removed when its exchange completes. */
    public void prepare(Exchange exchange) throws IOException {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        doc.setWordBoxes(DeleteFileOnCompletion.createDirFor(exchange, workDir, "words-"));
    }

    /** Written whole under another name, then renamed: a process killed meanwhile leaves no half a file. */
    static void write(Path folder, int page, OcrLayout layout) throws IOException {
        Path partial = Files.write(folder.resolve(page + ".json.partial"), ExtractorProtocol.JSON.writeValueAsBytes(layout));
        Files.move(partial, folder.resolve(page + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The page's word boxes, or null when it has none (not OCR'd, or nothing read). */
    static OcrLayout read(Path folder, int page) throws IOException {
        Path file = folder.resolve(page + ".json");
        return Files.exists(file) ? ExtractorProtocol.JSON.readValue(file.toFile(), OcrLayout.class) : null;
    }
}
