package io.docingest.extract;

import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.pdmodel.DefaultResourceCache;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;

/**
 * A PDF handle's resource cache without its XObjects. Fonts are parsed once per handle instead of
 * once per page: a LaTeX manual embeds a dozen Type 1 fonts and uses them on every page, and
 * parsing them again took most of its text extraction (12 pages/s against poppler's 281).
 * Images and forms are not kept: each page is read once, and a scan's image would stay in heap.
 * What is kept goes with the handle, reopened every {@code PdfHandles.PAGES_PER_HANDLE} pages.
 */
final class FontsNotImagesCache extends DefaultResourceCache {

    @Override
    public void put(COSObject indirect, PDXObject xobject) {
        // not cached, see above
    }
}
