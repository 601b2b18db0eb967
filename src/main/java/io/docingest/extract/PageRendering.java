package io.docingest.extract;

import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.contentstream.operator.OperatorName;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * PDFBox's renderer, made to tell when a page's image could not be decoded, and to decode none
 * over the pixel budget. PDFBox logs a decoding failure (a missing JBIG2 or JPEG 2000 decoder, a
 * damaged stream) and draws the page without the image; OCR of that blank page would then be
 * recorded as a success with no text. Here the page fails instead, with the reason. Every image
 * the page draws (XObject or inline, any filter) is checked against ingest.limits.max-pixels-per-page
 * from its declared size before a byte of it is decoded.
 */
public final class PageRendering extends PDFRenderer {

    private static final Set<String> IMAGE_OPERATORS = Set.of(OperatorName.DRAW_OBJECT, OperatorName.BEGIN_INLINE_IMAGE,
            OperatorName.BEGIN_INLINE_IMAGE_DATA, OperatorName.END_INLINE_IMAGE);

    private final long maxPixels;
    private String undecodable;

    public PageRendering(PDDocument pdf, long maxPixels) {
        super(pdf);
        this.maxPixels = maxPixels;
    }

    /** The page in 8-bit grey at {@code dpi}; an image on it that cannot be decoded fails the page. */
    BufferedImage grey(int pageIndex, float dpi) throws IOException {
        return rendered(pageIndex, dpi / 72f, ImageType.GRAY);
    }

    /** The page at {@code scale}, its large images decoded subsampled: for a thumbnail, not for OCR. */
    public BufferedImage preview(int pageIndex, float scale) throws IOException {
        setSubsamplingAllowed(true);
        return rendered(pageIndex, scale, ImageType.RGB);
    }

    private BufferedImage rendered(int pageIndex, float scale, ImageType type) throws IOException {
        undecodable = null;
        BufferedImage image = renderImage(pageIndex, scale, type);
        if (undecodable != null) {
            throw new IOException("an image on the page cannot be decoded: " + undecodable);
        }
        return image;
    }

    @Override
    protected PageDrawer createPageDrawer(PageDrawerParameters parameters) throws IOException {
        return new PageDrawer(parameters) {
            @Override
            public void drawImage(PDImage image) throws IOException {
                long pixels = (long) image.getWidth() * image.getHeight();
                if (pixels > maxPixels) {
                    throw new IOException("image of " + image.getWidth() + "x" + image.getHeight()
                            + " pixels, over ingest.limits.max-pixels-per-page (" + maxPixels + ")");
                }
                super.drawImage(image);
            }

            @Override
            protected void operatorException(Operator operator, List<COSBase> operands, IOException e) throws IOException {
                if (IMAGE_OPERATORS.contains(operator.getName()) && undecodable == null) {
                    undecodable = e.getMessage();
                }
                super.operatorException(operator, operands, e);
            }
        };
    }
}
