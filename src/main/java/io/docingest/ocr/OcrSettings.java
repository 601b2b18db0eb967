package io.docingest.ocr;

/** Tesseract options, all from config (ingest.ocr.*). */
public record OcrSettings(String tessdata, String languages, int pageSegmentationMode, int engineMode,
                          boolean preserveInterwordSpaces) {
}
