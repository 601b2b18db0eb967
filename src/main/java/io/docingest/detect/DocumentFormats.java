package io.docingest.detect;

import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;
import org.apache.tika.parser.txt.CharsetDetector;
import org.apache.tika.parser.txt.CharsetMatch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static java.util.Map.entry;

/**
 * The text, office and mail formats read with Apache Tika (the parser modules pom.xml brings), by
 * media type, with the name {@code file_type} gets. Told from the file's magic bytes and its name
 * with tika-core's own type registry alone, in the daemon: no parser runs here (parsing happens
 * in the extractor processes). An Office file is a zip or OLE2 container whose name says which
 * format it holds; a text file is text by its bytes, whatever its encoding. A subtype (Java
 * source is a kind of text/plain) is read as its nearest listed supertype.
 */
final class DocumentFormats {

    private static final Map<String, String> READ = Map.ofEntries(
            entry("text/plain", "txt"),
            entry("text/csv", "csv"),
            entry("text/tab-separated-values", "tsv"),
            entry("text/html", "html"),
            entry("application/xhtml+xml", "html"),
            entry("text/markdown", "md"),
            entry("application/rtf", "rtf"),
            entry("message/rfc822", "eml"),
            entry("application/vnd.ms-outlook", "msg"),
            entry("application/msword", "doc"),
            entry("application/vnd.ms-excel", "xls"),
            entry("application/vnd.ms-powerpoint", "ppt"),
            entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
            entry("application/vnd.ms-word.document.macroenabled.12", "docm"),
            entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
            entry("application/vnd.ms-excel.sheet.macroenabled.12", "xlsm"),
            entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
            entry("application/vnd.ms-powerpoint.presentation.macroenabled.12", "pptm"));

    private static final MimeTypes TYPES = MimeTypes.getDefaultMimeTypes();
    private static final int TEXT_SAMPLE = 16 * 1024;
    private static final int MIN_CONFIDENCE = 50;

    private DocumentFormats() {
    }

    /**
     * Text with no name to go by in an encoding whose bytes are mostly above ASCII (EUC-JP,
     * Shift_JIS, UTF-8 Japanese), which the registry's own text test takes for binary: Tika's
     * statistical charset detector must be sure of an encoding, and the bytes must hold no
     * control characters but line ends, tabs, form feeds and ISO-2022-JP's escapes.
     */
    private static boolean isEncodedText(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(TEXT_SAMPLE);
        }
        for (byte b : head) {
            if (b >= 0 && b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != 0x1B) {
                return false;
            }
        }
        CharsetMatch match = new CharsetDetector().setText(head).detect();
        return match != null && match.getConfidence() >= MIN_CONFIDENCE;
    }

    /** The detected media type (for the reason a file has no reader) and the format, when one is read. */
    record Detected(MediaType type, Optional<String> format) {
    }

    static Detected detect(Path file, String fileName) throws IOException {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        MediaType type;
        try (TikaInputStream in = TikaInputStream.get(file)) {
            type = TYPES.detect(in, metadata);
        }
        if (type.equals(MediaType.OCTET_STREAM) && isEncodedText(file)) {
            type = MediaType.TEXT_PLAIN;
        }
        MediaTypeRegistry registry = TYPES.getMediaTypeRegistry();
        for (MediaType candidate = registry.normalize(type); candidate != null; candidate = registry.getSupertype(candidate)) {
            String format = READ.get(candidate.getBaseType().toString());
            if (format != null) {
                return new Detected(type, Optional.of(format));
            }
        }
        return new Detected(type, Optional.empty());
    }
}
