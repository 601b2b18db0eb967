package io.docingest.ocr;

import io.docingest.document.PageWord;

import java.util.List;

/**
 * Tesseract's text for one image, its mean word confidence (0-100), or a timeout; with the words
 * and their boxes when asked for (fractions of the image given, before any turn, each with the
 * turn that read it).
 */
public record OcrResult(String text, int confidence, boolean timedOut, List<PageWord> words) {

    public OcrResult {
        words = words == null ? List.of() : List.copyOf(words);
    }

    static OcrResult timeout() {
        return new OcrResult("", -1, true, List.of());
    }
}
