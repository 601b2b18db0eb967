package io.docingest.document;

import java.util.List;

/**
 * The text of one page and how it was obtained: its provenance is indexed with the document so
 * search users (and tests) can see which pages came from the text layer and which from OCR.
 *
 * @param page       1-based page number
 * @param source     {@link #TEXT_LAYER}, {@link #OCR}, {@link #BLANK}, {@link #DOCUMENT} or {@link #FAILED}
 * @param confidence Tesseract's mean word confidence (0-100), or -1 when not OCR'd
 * @param millis     time spent on the page
 * @param error      why the page failed, or null
 * @param codes      the QR codes and barcodes found on the page (ingest.processor-types.*.detect-codes)
 */
public record PageText(int page, String text, String source, int confidence, long millis, String error,
                       List<PageCode> codes) {

    public PageText {
        codes = codes == null ? List.of() : List.copyOf(codes);
    }

    public PageText(int page, String text, String source, int confidence, long millis, String error) {
        this(page, text, source, confidence, millis, error, List.of());
    }

    public static final String TEXT_LAYER = "text-layer";
    public static final String OCR = "ocr";
    public static final String FAILED = "failed";
    /** A text, office or mail document's text, read by its parser (the whole document is one page). */
    public static final String DOCUMENT = "document";
    /** Nothing on the page to read: no text layer, no image, no vector content. */
    public static final String BLANK = "blank";

    public static PageText failed(int page, long millis, String error) {
        return new PageText(page, "", FAILED, -1, millis, error);
    }

    public static PageText blank(int page, long millis) {
        return new PageText(page, "", BLANK, -1, millis, null);
    }

    public boolean isFailed() {
        return FAILED.equals(source);
    }
}
