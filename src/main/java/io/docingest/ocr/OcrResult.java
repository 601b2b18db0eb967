package io.docingest.ocr;

/** Tesseract's text for one image and its mean word confidence (0-100). */
public record OcrResult(String text, int confidence) {
}
