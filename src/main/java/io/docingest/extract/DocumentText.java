package io.docingest.extract;

import io.docingest.config.Limits;
import io.docingest.document.DocumentOptions;
import io.docingest.document.PageCode;
import io.docingest.document.PageText;
import io.docingest.ocr.OcrResult;
import io.docingest.ocr.TesseractPool;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.extractor.ParsingEmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Message;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of a text, office or mail document (Word, Excel, PowerPoint in both generations, RTF,
 * e-mail, HTML, CSV, Markdown, plain text in any encoding Tika's detector tells apart: UTF-8,
 * Shift_JIS, EUC-JP …), read with Apache Tika's AutoDetectParser as one page. Documents inside it
 * (an attachment, an embedded sheet) are read too; its images are OCR'd, and their codes read,
 * when the processor type asks ({@code ocr-embedded-images}). A file Tika cannot read is a failed
 * page with the reason, as a PDF page would be.
 */
final class DocumentText {

    /** Thread-safe, and loads its parsers once: one for every batch this process reads. */
    private final AutoDetectParser parser = new AutoDetectParser();
    private final TesseractPool tesseract;
    private final int dpi;
    private final Limits limits;

    DocumentText(TesseractPool tesseract, int dpi, Limits limits) {
        this.tesseract = tesseract;
        this.dpi = dpi;
        this.limits = limits;
    }

    /** {@code mediaType}: as the daemon detected it, with the file's name; the parser's own detection starts from it. */
    PageText read(Path file, String mediaType, DocumentOptions options) {
        long start = System.nanoTime();
        BodyContentHandler text = new BodyContentHandler(-1);
        ParseContext context = new ParseContext();
        context.set(Parser.class, parser);
        EmbeddedImages images = new EmbeddedImages(context, options);
        context.set(EmbeddedDocumentExtractor.class, images);
        Metadata metadata = new Metadata();
        metadata.set(Metadata.CONTENT_TYPE, mediaType);
        try (TikaInputStream in = TikaInputStream.get(file)) {
            parser.parse(in, text, metadata, context);
        } catch (EncryptedDocumentException e) {
            return PageText.failed(1, elapsed(start), "the document is password-protected");
        } catch (Exception | LinkageError e) {
            return PageText.failed(1, elapsed(start), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        String content = (heading(metadata) + text).replaceAll("[ \\t]*\\n(?:[ \\t]*\\n)+", "\n\n").strip();
        return new PageText(1, content, PageText.DOCUMENT, images.confidence(), elapsed(start), null, images.codes);
    }

    /**
     * Documents embedded in the one read are parsed as Tika would; images among them are OCR'd
     * when the type asks (Tika's own OCR parser runs the tesseract command per image; the engine
     * this process has loaded already is the cheaper one), and skipped otherwise.
     */
    private final class EmbeddedImages extends ParsingEmbeddedDocumentExtractor {

        private final DocumentOptions options;
        private final List<PageCode> codes = new ArrayList<>();
        private final List<Integer> confidences = new ArrayList<>();

        EmbeddedImages(ParseContext context, DocumentOptions options) {
            super(context);
            this.options = options;
        }

        @Override
        public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml)
                throws SAXException, IOException {
            TikaInputStream in = TikaInputStream.get(stream);
            String type = parser.getDetector().detect(in, metadata).getType();
            if (!"image".equals(type)) {
                super.parseEmbedded(in, handler, metadata, outputHtml);
                return;
            }
            if (!options.ocrEmbeddedImages()) {
                return;
            }
            BufferedImage gray;
            try {
                gray = OcrImages.forOcr(ImagePages.read(in, limits.maxPixelsPerPage()));
            } catch (RuntimeException e) {
                return;  // an image no reader decodes (WMF, EMF) or too large: the text around it stands
            }
            try {
                OcrResult result = tesseract.recognize(gray, dpi, limits.ocrPageTimeoutMs(), options.ocrLanguages());
                String found = result.timedOut() ? "" : result.text().strip();
                if (!found.isEmpty()) {
                    confidences.add(result.confidence());
                    char[] chars = ("\n" + found + "\n").toCharArray();
                    handler.characters(chars, 0, chars.length);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading " + metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY), e);
            }
            if (options.codesOnScans()) {
                codes.addAll(PageCodes.read(gray));
            }
        }

        /** The mean confidence of the images read, or -1 when none was. */
        int confidence() {
            return confidences.isEmpty() ? -1 : (int) Math.round(confidences.stream().mapToInt(Integer::intValue).average().orElse(-1));
        }
    }

    /**
     * What the parser keeps as metadata but a search must find: a mail's subject, sender and
     * recipients, a document's title.
     */
    private static String heading(Metadata metadata) {
        StringBuilder heading = new StringBuilder();
        for (String line : new String[]{metadata.get(TikaCoreProperties.TITLE), metadata.get(Message.MESSAGE_FROM),
                String.join(", ", metadata.getValues(Message.MESSAGE_TO))}) {
            if (line != null && !line.isBlank()) {
                heading.append(line.strip()).append('\n');
            }
        }
        return heading.isEmpty() ? "" : heading.append('\n').toString();
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
