package io.docingest.ocr;

/** Tesseract's text for one image and its mean word confidence (0-100), or a timeout. */
public record OcrResult(String text, int confidence, boolean timedOut) {

    static OcrResult timeout() {
        return new OcrResult("", -1, true);
    }
}
