package io.docingest.extract;

import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDPage;

import java.util.Calendar;

/**
 * Which pages carry a text layer this pipeline wrote from its own OCR: an entry in the page's
 * PieceInfo (the page-piece dictionary, where the PDF format keeps an application's private data
 * on a page), set on every OCR'd page of a searchable copy, with words or without. Read back, a
 * page so marked is taken from its layer and never OCR'd again, however little it holds, so a
 * copy that comes back as input (an original replaced by it, {@code ingest.nas.replace-originals})
 * costs no OCR and has nothing left to add.
 */
final class TextLayerMark {

    private static final COSName APPLICATION = COSName.getPDFName("DocIngest");
    private static final COSName OCR_LAYER = COSName.getPDFName("OcrLayer");

    private TextLayerMark() {
    }

    static void mark(PDPage page, Calendar when) {
        COSDictionary ours = new COSDictionary();
        ours.setDate(COSName.LAST_MODIFIED, when);
        COSDictionary data = new COSDictionary();
        data.setBoolean(OCR_LAYER, true);
        ours.setItem(COSName.PRIVATE, data);
        COSDictionary pieces = page.getCOSObject().getCOSDictionary(COSName.PIECE_INFO);
        if (pieces == null) {
            pieces = new COSDictionary();
            page.getCOSObject().setItem(COSName.PIECE_INFO, pieces);
        }
        pieces.setItem(APPLICATION, ours);
        // Required of a page with PieceInfo.
        page.getCOSObject().setDate(COSName.LAST_MODIFIED, when);
    }

    static boolean isMarked(PDPage page) {
        COSDictionary pieces = page.getCOSObject().getCOSDictionary(COSName.PIECE_INFO);
        COSDictionary ours = pieces == null ? null : pieces.getCOSDictionary(APPLICATION);
        COSDictionary data = ours == null ? null : ours.getCOSDictionary(COSName.PRIVATE);
        return data != null && data.getBoolean(OCR_LAYER, false);
    }
}
