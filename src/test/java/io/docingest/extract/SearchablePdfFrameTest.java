package io.docingest.extract;

import io.docingest.document.OcrLayout;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;

import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Where a word's box (fractions of the OCR'd image, from its top left) lands in a page's user
 * space: the rendered page is the crop box as displayed, turned by /Rotate; a scan's own image
 * covers the crop box as stored.
 */
class SearchablePdfFrameTest {

    /** A4 portrait crop box offset from the origin, as a cropped scan has it. */
    private static final PDRectangle CROP = new PDRectangle(10, 20, 595, 842);

    @Test
    void theDisplayedTopLeftIsWhereEachRotationPutsIt() {
        assertThat(corner(0, 0, 0)).isEqualTo(new Point2D.Double(10, 862));       // top left as stored
        assertThat(corner(90, 0, 0)).isEqualTo(new Point2D.Double(10, 20));       // turned clockwise: the stored bottom left
        assertThat(corner(180, 0, 0)).isEqualTo(new Point2D.Double(605, 20));     // upside down: the stored bottom right
        assertThat(corner(270, 0, 0)).isEqualTo(new Point2D.Double(605, 862));    // turned back: the stored top right
    }

    @Test
    void acrossTheDisplayedPageRunsAlongTheStoredEdgeRotationBrings() {
        // The displayed page's far right of its top edge.
        assertThat(corner(0, 1, 0)).isEqualTo(new Point2D.Double(605, 862));
        assertThat(corner(90, 1, 0)).isEqualTo(new Point2D.Double(10, 862));     // up the stored left edge
        assertThat(corner(180, 1, 0)).isEqualTo(new Point2D.Double(10, 20));
        assertThat(corner(270, 1, 0)).isEqualTo(new Point2D.Double(605, 20));    // down the stored right edge
    }

    @Test
    void aScansOwnImageIgnoresRotate() {
        PDPage page = page(90);
        Point2D p = SearchablePdfWriter.frame(page, OcrLayout.PAGE_IMAGE).transform(new Point2D.Double(0.5, 0.25), null);
        assertThat(p.getX()).isCloseTo(10 + 297.5, within(1e-9));
        assertThat(p.getY()).isCloseTo(862 - 210.5, within(1e-9));
    }

    private static Point2D corner(int rotation, double across, double down) {
        AffineTransform frame = SearchablePdfWriter.frame(page(rotation), OcrLayout.RENDERED_PAGE);
        Point2D p = frame.transform(new Point2D.Double(across, down), null);
        return new Point2D.Double(Math.round(p.getX() * 1000) / 1000.0, Math.round(p.getY() * 1000) / 1000.0);
    }

    private static PDPage page(int rotation) {
        PDPage page = new PDPage(new PDRectangle(0, 0, 700, 900));
        page.setCropBox(CROP);
        page.setRotation(rotation);
        return page;
    }
}
