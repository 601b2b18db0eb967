package io.docingest.bench;

import java.text.Normalizer;

/**
 * Character error rate of OCR output against the text a page was drawn from: edit distance over
 * the truth's length, both compared NFKC-normalised and without whitespace (Tesseract spaces
 * Japanese as it likes, and line breaks follow its layout analysis).
 */
final class TextAccuracy {

    private TextAccuracy() {
    }

    static double characterErrorRate(String truth, String read) {
        String expected = normalised(truth);
        String actual = normalised(read);
        return expected.isEmpty() ? 0 : (double) editDistance(expected, actual) / expected.length();
    }

    private static String normalised(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).replaceAll("\\s+", "");
    }

    /** Levenshtein distance in two rows: pages of a few thousand characters, not whole books. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            char c = a.charAt(i - 1);
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (c == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
