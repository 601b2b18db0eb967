package io.docingest.extract;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * A scanned page is usually one image drawn over the page. Decoding that image as it is stored
 * (grey stays grey, bilevel stays 1-bit) lets OCR skip PDFBox's page rendering, which first decodes the image to 32-bit
 * RGB and then draws it into a second, grey image: at 300 dpi A4 about 9 MiB per page in flight
 * instead of 44. Anything less plain (several images, forms, masks, inverted or unusual colour
 * spaces) is rendered as before.
 */
final class ScannedPageImage {

    private static final Set<String> PLAIN_COLOUR_SPACES = Set.of("DeviceGray", "DeviceRGB");

    private ScannedPageImage() {
    }

    static Optional<PDImageXObject> soleImage(PDPage page) throws IOException {
        PDResources resources = page.getResources();
        if (resources == null) {
            return Optional.empty();
        }
        PDImageXObject found = null;
        for (COSName name : resources.getXObjectNames()) {
            PDXObject object = resources.getXObject(name);
            if (!(object instanceof PDImageXObject image) || found != null) {
                return Optional.empty();
            }
            found = image;
        }
        if (found == null || found.isStencil() || found.getMask() != null || found.getSoftMask() != null
                || !PLAIN_COLOUR_SPACES.contains(found.getColorSpace().getName())) {
            return Optional.empty();
        }
        boolean plainGrey = found.getBitsPerComponent() == 8 && found.getDecode() == null;
        boolean bilevel = found.getBitsPerComponent() == 1 && found.getColorSpace().getNumberOfComponents() == 1;
        return plainGrey || bilevel ? Optional.of(found) : Optional.empty();
    }

    /** The page image as OCR takes it: 8-bit samples as stored, a bilevel scan (CCITT, JBIG2) as PDFBox decodes it, 1 bit a pixel. */
    static BufferedImage forOcr(PDImageXObject image) throws IOException {
        return image.getBitsPerComponent() == 1 ? OcrImages.forOcr(image.getImage()) : OcrImages.forOcr(stored(image));
    }

    /**
     * The image's stored samples wrapped as an image without conversion (PDFBox's getRawImage
     * declines DeviceGray); grey samples give a TYPE_BYTE_GRAY image OCR reads as it is.
     */
    static BufferedImage stored(PDImageXObject image) throws IOException {
        WritableRaster raster = image.getRawRaster();
        ColorSpace space = ColorSpace.getInstance(raster.getNumBands() == 1 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ComponentColorModel model = new ComponentColorModel(space, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        return new BufferedImage(model, raster, false, null);
    }
}
