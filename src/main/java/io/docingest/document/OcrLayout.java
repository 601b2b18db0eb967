package io.docingest.document;

import java.util.List;

/**
 * Where an OCR'd page's words lie, kept when the document's processor type writes a searchable
 * PDF. {@code frame} says what the word boxes are fractions of: {@link #RENDERED_PAGE} (the page
 * as displayed, its crop box drawn with its /Rotate) or {@link #PAGE_IMAGE} (a scan's one image,
 * over the crop box as stored, or an image file's frame); each word says how it was turned.
 */
public record OcrLayout(String frame, List<PageWord> words) {

    public static final String RENDERED_PAGE = "page";
    public static final String PAGE_IMAGE = "image";

    public OcrLayout {
        words = words == null ? List.of() : List.copyOf(words);
    }
}
