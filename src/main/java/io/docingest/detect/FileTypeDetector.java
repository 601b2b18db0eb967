package io.docingest.detect;

import io.docingest.document.FileType;
import io.docingest.document.IngestDocument;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;

/**
 * Detects the type from the file's first bytes; what is not a PDF or an image may be a text,
 * office or mail document ({@link DocumentFormats}). An unsupported type is not an error: the document
 * is indexed by name with the reason it has no text ({@link IngestDocument#getNoReaderReason()});
 * an empty file is recorded as skipped with the reason this detector puts in the
 * {@code ingestSkipReason} header.
 */
public class FileTypeDetector {

    private static final byte[] PDF = "%PDF-".getBytes();
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] TIFF_LE = {'I', 'I', 42, 0};
    private static final byte[] TIFF_BE = {'M', 'M', 0, 42};
    private static final byte[] BMP = {'B', 'M'};
    private static final byte[] GIF = {'G', 'I', 'F', '8'};
    // A JP2 file opens with its signature box; a bare JPEG 2000 codestream with SOC and SIZ markers.
    private static final byte[] JP2 = {0, 0, 0, 12, 'j', 'P', ' ', ' ', '\r', '\n', (byte) 0x87, '\n'};
    private static final byte[] J2K = {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51};

    public void detect(Exchange exchange) throws IOException {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        byte[] head = new byte[18];
        int read;
        try (InputStream in = Files.newInputStream(doc.getFile())) {
            read = in.readNBytes(head, 0, head.length);
        }
        byte[] magic = Arrays.copyOf(head, read);
        FileType type = typeOf(magic);
        if (type == FileType.UNSUPPORTED) {
            DocumentFormats.Detected detected = DocumentFormats.detect(doc.getFile(), doc.getEvent().fileName());
            if (detected.format().isPresent()) {
                type = FileType.DOCUMENT;
                doc.setFormat(detected.format().get());
                doc.setMediaType(detected.type().toString());
            } else {
                doc.setNoReaderReason(noReaderReason(doc.getEvent().fileName(), detected.type().toString()));
            }
        }
        doc.setType(type);
        if (type == FileType.EMPTY) {
            exchange.getMessage().setHeader(IngestDocument.SKIP_REASON, "the file is empty");
        }
    }

    static FileType typeOf(byte[] magic) {
        if (magic.length == 0) {
            return FileType.EMPTY;
        }
        if (startsWith(magic, PDF)) {
            return FileType.PDF;
        }
        if (startsWith(magic, JPEG)) {
            return FileType.JPEG;
        }
        if (startsWith(magic, PNG)) {
            return FileType.PNG;
        }
        if (startsWith(magic, TIFF_LE) || startsWith(magic, TIFF_BE)) {
            return FileType.TIFF;
        }
        if (startsWith(magic, BMP) && isBitmapHeader(magic)) {
            return FileType.BMP;
        }
        if (startsWith(magic, GIF)) {
            return FileType.GIF;
        }
        if (startsWith(magic, JP2) || startsWith(magic, J2K)) {
            return FileType.JPEG2000;
        }
        return FileType.UNSUPPORTED;
    }

    private static String noReaderReason(String fileName, String mediaType) {
        if (fileName.toLowerCase(Locale.ROOT).endsWith(".xdw")) {
            return "DocuWorks (.xdw) has no open-source reader";
        }
        if (mediaType.equals("application/pdf") || mediaType.startsWith("image/")) {
            // Only its name says so: the first bytes were checked for PDF and images already.
            return "named as " + mediaType + ", but its content is not";
        }
        return "no reader for " + mediaType + " (read: PDF, images, text, Office and mail documents)";
    }

    /** "BM" is two letters any text may start with: a real BMP follows them with a known DIB header size. */
    private static boolean isBitmapHeader(byte[] magic) {
        if (magic.length < 18) {
            return false;
        }
        int dibSize = (magic[14] & 0xFF) | (magic[15] & 0xFF) << 8 | (magic[16] & 0xFF) << 16 | (magic[17] & 0xFF) << 24;
        return dibSize == 12 || dibSize == 40 || dibSize == 52 || dibSize == 56 || dibSize == 64 || dibSize == 108 || dibSize == 124;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }
}
