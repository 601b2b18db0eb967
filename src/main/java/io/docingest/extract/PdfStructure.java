package io.docingest.extract;

import io.docingest.document.CorruptDocumentException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdfparser.PDFParser;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Tells a sound PDF, a damaged one PDFBox can repair, and a truncated one apart. PDFBox's lenient
 * parser recovers what it can from any of them: a file cut off after its first objects still opens,
 * with pages and no content, and its blank pages would be indexed as a success. So a file must end
 * with its end-of-file marker (a cut-off file does not), and one that opens only leniently (a broken
 * cross-reference table, wrong offsets) is read and said to be repaired.
 */
final class PdfStructure {

    /** Where to look for the marker: some writers append a little after it (PDFBox's strict default is 2 KiB). */
    private static final int EOF_LOOKUP_BYTES = 16 * 1024;

    private PdfStructure() {
    }

    /** The page count, checking the structure; the reason a lenient parse was needed goes to {@code repairs}. */
    static int pageCount(Path file, StringBuilder repairs) {
        requireEndMarker(file);
        try (RandomAccessReadBufferedFile source = new RandomAccessReadBufferedFile(file.toFile());
             PDDocument pdf = new PDFParser(source).parse(false)) {
            return pdf.getNumberOfPages();
        } catch (InvalidPasswordException e) {
            throw new CorruptDocumentException("PDF is encrypted with a user password", e);
        } catch (IOException strict) {
            try (PDDocument pdf = Loader.loadPDF(file.toFile())) {
                repairs.append("damaged structure repaired: ").append(strict.getMessage());
                return pdf.getNumberOfPages();
            } catch (InvalidPasswordException e) {
                throw new CorruptDocumentException("PDF is encrypted with a user password", e);
            } catch (IOException e) {
                throw new CorruptDocumentException("PDF cannot be parsed: " + e.getMessage(), e);
            }
        }
    }

    private static void requireEndMarker(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            byte[] tail = new byte[(int) Math.min(length, EOF_LOOKUP_BYTES)];
            in.seek(length - tail.length);
            in.readFully(tail);
            if (!new String(tail, StandardCharsets.ISO_8859_1).contains("%%EOF")) {
                throw new CorruptDocumentException("PDF cannot be parsed: it is truncated (it ends at " + length
                        + " bytes, without its end-of-file marker)", null);
            }
        } catch (IOException e) {
            throw new CorruptDocumentException("PDF cannot be read: " + e.getMessage(), e);
        }
    }
}
