package io.docingest.document;

/**
 * A word Tesseract read, and where: its box as fractions of the OCR'd image's width and height
 * from the top left, in the image as it was decoded (before any turn to stand the page upright).
 * {@code turn}: degrees the image had to be turned clockwise for the word to stand upright (its
 * text runs turned back by as much), whether this pipeline turned the page or Tesseract read a
 * turned block of it by itself. What a searchable PDF's invisible text layer is placed from.
 */
public record PageWord(String text, double x, double y, double width, double height, int turn) {
}
