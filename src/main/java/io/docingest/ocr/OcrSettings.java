package io.docingest.ocr;

/**
 * Tesseract options, all from config (ingest.ocr.*). A page read with a mean confidence below
 * {@code orientationCheckBelow} has its orientation detected, and is read again upright when it
 * was scanned sideways or upside down.
 */
public record OcrSettings(String tessdata, String languages, int pageSegmentationMode, int engineMode,
                          boolean preserveInterwordSpaces, int orientationCheckBelow) {
}
