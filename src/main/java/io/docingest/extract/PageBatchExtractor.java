package io.docingest.extract;

import io.docingest.config.Limits;
import io.docingest.document.DocumentOptions;
import io.docingest.document.FileType;
import io.docingest.document.IngestDocument;
import io.docingest.document.OcrLayout;
import io.docingest.document.PageBatch;
import io.docingest.document.PageCode;
import io.docingest.document.PageText;
import io.docingest.ocr.OcrResult;
import io.docingest.ocr.TesseractPool;
import org.apache.camel.ExchangeProperty;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Extracts the text of one page batch. Per page it uses the PDF text layer when that holds real
 * text (at least {@code ingest.pages.text-layer-min-chars} letters or digits) or when the page has
 * some text and draws no image, or when its layer is one this pipeline wrote from its own OCR
 * ({@link TextLayerMark}), else renders the page grey and OCRs it; image files are always OCR'd. Each batch borrows a PDFBox handle of its own
 * ({@link PdfHandles}), because PDFBox documents are not thread-safe and batches run in parallel.
 * <p>
 * It never throws for a bad page: a page that fails is returned as a {@link PageText#FAILED} record,
 * so one page cannot fail its neighbours and the document-level error handling decides.
 */
public class PageBatchExtractor implements BatchExtractor {

    private static final Logger LOG = LoggerFactory.getLogger(PageBatchExtractor.class);

    private final TesseractPool tesseract;
    private final PdfHandles handles;
    private final int textLayerMinChars;
    private final int dpi;
    private final int codesDpi;
    private final Limits limits;
    private final DocumentText documents;

    public PageBatchExtractor(TesseractPool tesseract, PdfHandles handles, int textLayerMinChars, int dpi, int codesDpi,
                              Limits limits) {
        this.tesseract = tesseract;
        this.handles = handles;
        this.textLayerMinChars = textLayerMinChars;
        this.dpi = dpi;
        this.codesDpi = codesDpi;
        this.limits = limits;
        this.documents = new DocumentText(tesseract, dpi, limits);
    }

    @Override
    public List<PageText> extract(PageBatch batch, @ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) {
        List<PageText> pages = new ArrayList<>();
        long deadline = doc.getStartedNanos() + limits.documentTimeoutMs() * 1_000_000;
        extract(new BatchRequest(doc.getFile(), doc.getType(), doc.getMediaType(), batch, doc.getOptions(), deadline, doc.getWordBoxes()),
                page -> { }, pages::add);
        return pages;
    }

    /**
     * Reads the request's pages in order, saying when each starts and handing each over as it is
     * done (an extractor process streams them to the daemon that way).
     */
    public void extract(BatchRequest request, IntConsumer starting, Consumer<PageText> done) {
        if (request.type().isImage()) {
            extractImages(request, starting, done);
        } else if (request.type() == FileType.DOCUMENT) {
            starting.accept(1);
            done.accept(request.pastDeadline() ? overtime(1) : documents.read(request.file(), request.mediaType(), request.options()));
        } else {
            extractPdf(request, starting, done);
        }
    }

    private void extractPdf(BatchRequest request, IntConsumer starting, Consumer<PageText> done) {
        PageBatch batch = request.batch();
        int page = batch.firstPage();
        long opened = System.nanoTime();
        try {
            starting.accept(page);
            PdfHandles.Handle handle = handles.borrow(request.file());
            PDDocument pdf = handle.pdf();
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            PageRendering renderer = new PageRendering(pdf, limits.maxPixelsPerPage());
            for (; page <= batch.lastPage(); page++) {
                if (page > batch.firstPage()) {
                    starting.accept(page);
                }
                done.accept(request.pastDeadline() ? overtime(page) : extractPdfPage(pdf, stripper, renderer, page, request));
            }
            handle.servedPages(batch.size());
            handles.giveBack(request.file(), handle);
        } catch (Exception e) {
            long millis = (System.nanoTime() - opened) / 1_000_000;
            for (; page <= batch.lastPage(); page++) {
                done.accept(PageText.failed(page, millis, "cannot open PDF: " + e.getMessage()));
            }
        }
    }

    private PageText extractPdfPage(PDDocument pdf, PDFTextStripper stripper, PageRendering renderer, int page, BatchRequest request) {
        DocumentOptions options = request.options();
        long start = System.nanoTime();
        try {
            stripper.setStartPage(page);
            stripper.setEndPage(page);
            String layer = stripper.getText(pdf).strip();
            PDPage pdPage = pdf.getPage(page - 1);
            if (!needsOcr(layer, options) || TextLayerMark.isMarked(pdPage)) {
                return textLayer(page, layer, renderer, options, start);
            }
            PageInk.Kind ink = PageInk.of(pdPage);
            if (ink == PageInk.Kind.BLANK) {
                return PageText.blank(page, elapsed(start));
            }
            if (ink == PageInk.Kind.VECTORS && realCharacters(layer) > 0) {
                // A title or a chapter opener of a born-digital document: no pixels to read, and
                // OCR would only read back the glyphs its layer holds (at seconds a page).
                return textLayer(page, layer, renderer, options, start);
            }
            PDRectangle box = pdPage.getCropBox();
            Optional<PDImageXObject> scan = ScannedPageImage.soleImage(pdPage);
            if (scan.isPresent()) {
                PDImageXObject image = scan.get();
                long stored = (long) image.getWidth() * image.getHeight();
                if (stored > limits.maxPixelsPerPage()) {
                    return PageText.failed(page, elapsed(start), "page image has " + stored
                            + " pixels, over ingest.limits.max-pixels-per-page");
                }
                // OCR at the scan's own resolution: no resampling, and Tesseract is told the truth.
                int imageDpi = (int) Math.max(1, Math.round(image.getWidth() / (box.getWidth() / 72.0)));
                return ocr(page, ScannedPageImage.forOcr(image), imageDpi, start, request, OcrLayout.PAGE_IMAGE);
            }
            long pixels = Math.round(box.getWidth() * dpi / 72.0) * Math.round(box.getHeight() * dpi / 72.0);
            if (pixels > limits.maxPixelsPerPage()) {
                return PageText.failed(page, elapsed(start), "page would render to " + pixels
                        + " pixels at " + dpi + " dpi, over ingest.limits.max-pixels-per-page");
            }
            return ocr(page, renderer.grey(page - 1, dpi), dpi, start, request, OcrLayout.RENDERED_PAGE);
        } catch (Exception e) {
            return PageText.failed(page, elapsed(start), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private PageText textLayer(int page, String layer, PageRendering renderer, DocumentOptions options, long start) throws IOException {
        // A code is a picture even on a born-digital page: read from a low-resolution render when asked.
        List<PageCode> codes = options.codesOnTextPages() ? PageCodes.read(renderer.grey(page - 1, codesDpi)) : List.of();
        return new PageText(page, layer, PageText.TEXT_LAYER, -1, elapsed(start), null, codes);
    }

    /**
     * The text-layer-or-OCR decision: a page is OCR'd unless its text layer holds real text (at
     * least {@code ingest.pages.text-layer-min-chars} letters or digits) or its type never OCRs.
     */
    boolean needsOcr(String textLayer, DocumentOptions options) {
        return !options.skipOcr() && realCharacters(textLayer) < textLayerMinChars;
    }

    private void extractImages(BatchRequest request, IntConsumer starting, Consumer<PageText> done) {
        PageBatch batch = request.batch();
        for (int page = batch.firstPage(); page <= batch.lastPage(); page++) {
            starting.accept(page);
            if (request.pastDeadline()) {
                done.accept(overtime(page));
                continue;
            }
            if (request.options().skipOcr()) {
                done.accept(new PageText(page, "", PageText.TEXT_LAYER, -1, 0, null));
                continue;
            }
            long start = System.nanoTime();
            try {
                BufferedImage image = ImagePages.read(request.file(), page, limits.maxPixelsPerPage());
                // Scans rarely carry a trustworthy DPI; Tesseract only uses it as a size hint.
                done.accept(ocr(page, OcrImages.forOcr(image), dpi, start, request, OcrLayout.PAGE_IMAGE));
            } catch (Exception e) {
                done.accept(PageText.failed(page, elapsed(start), e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
    }

    /**
     * {@code frame}: what the image is of ({@link OcrLayout}), where a searchable PDF's words are
     * placed from; they go to the request's word-box folder, when it has one.
     */
    private PageText ocr(int page, BufferedImage gray, int imageDpi, long start, BatchRequest request, String frame)
            throws InterruptedException {
        DocumentOptions options = request.options();
        boolean words = request.wordBoxes() != null;
        OcrResult result = tesseract.recognize(gray, imageDpi, limits.ocrPageTimeoutMs(), options.ocrLanguages(), words);
        if (result.timedOut()) {
            return PageText.failed(page, elapsed(start), "OCR took longer than ingest.limits.ocr-page-timeout-ms ("
                    + limits.ocrPageTimeoutMs() + " ms)");
        }
        // The codes from the pixels OCR has just read: no second decode.
        List<PageCode> codes = options.codesOnScans() ? PageCodes.read(gray) : List.of();
        if (words && !result.words().isEmpty()) {
            try {
                WordBoxFiles.write(request.wordBoxes(), page, new OcrLayout(frame, result.words()));
            } catch (IOException e) {
                // The page's text stands; only its searchable PDF layer is lost, and said so.
                LOG.warn("Page {}'s word boxes were not kept, so its searchable PDF page gets no text layer: {}", page, e.toString());
            }
        }
        return new PageText(page, result.text().strip(), PageText.OCR, result.confidence(), elapsed(start), null, codes);
    }

    private PageText overtime(int page) {
        return PageText.failed(page, 0, "not started: the document ran past ingest.limits.document-timeout-ms ("
                + limits.documentTimeoutMs() + " ms)");
    }

    static int realCharacters(String text) {
        return (int) text.codePoints().filter(Character::isLetterOrDigit).count();
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
