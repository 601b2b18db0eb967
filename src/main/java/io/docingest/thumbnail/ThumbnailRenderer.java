package io.docingest.thumbnail;

import io.docingest.document.CorruptDocumentException;
import io.docingest.document.IngestDocument;
import io.docingest.document.PermanentFailureException;
import io.docingest.extract.ImagePages;
import io.docingest.extract.PageRendering;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Renders page 1 (or the first image frame) as a JPEG whose longer side is at most
 * {@code ingest.thumbnail.max-size} pixels, and sets the headers the thumbnail endpoint needs: the
 * S3 key for aws2-s3, the file name for a local folder, both {@code thumbnails/{file_id}.jpg}.
 */
public class ThumbnailRenderer {

    private static final Logger LOG = LoggerFactory.getLogger(ThumbnailRenderer.class);

    private final int maxSize;
    private final float quality;
    private final int renderDpi;
    private final String urlPrefix;
    private final long maxPixels;

    public ThumbnailRenderer(int maxSize, float quality, int renderDpi, String urlPrefix, long maxPixels) {
        this.maxSize = maxSize;
        this.quality = quality;
        this.renderDpi = renderDpi;
        this.urlPrefix = urlPrefix;
        this.maxPixels = maxPixels;
    }

    /**
     * Renders the thumbnail onto the document, or none when page 1 cannot be drawn (over the pixel
     * budget, an undecodable image): the document still indexes, without a thumbnail. It is
     * stored only once the file document is written ({@link #toStore}): a version superseded
     * meanwhile never replaces the newer one's.
     */
    public void render(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) throws IOException {
        BufferedImage first;
        try {
            first = doc.getType().isImage() ? ImagePages.readFirstScaled(doc.getFile(), maxSize, maxPixels) : firstPdfPage(doc);
        } catch (PermanentFailureException e) {
            LOG.warn("{}: no thumbnail: {}", doc.getEvent().key(), e.getMessage());
            return;
        }
        doc.setThumbnail(jpeg(fit(first)));
        doc.setThumbnailUrl(urlPrefix + "/" + key(doc));
    }

    /** The rendered thumbnail as the body, with the headers the thumbnail endpoint needs. */
    public void toStore(Exchange exchange) {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        byte[] jpeg = doc.getThumbnail();
        // The S3 headers of earlier steps (the input's user metadata from its fetch, an output's
        // MD5) are not the thumbnail's: aws2-s3 would send them with it.
        exchange.getMessage().removeHeaders("CamelAwsS3*");
        exchange.getMessage().setBody(jpeg);
        exchange.getMessage().setHeader("CamelAwsS3Key", key(doc));
        // aws2-s3 streams the body: without a length it announces a wrong one
        exchange.getMessage().setHeader("CamelAwsS3ContentLength", (long) jpeg.length);
        exchange.getMessage().setHeader("CamelAwsS3ContentType", "image/jpeg");
        exchange.getMessage().setHeader(Exchange.FILE_NAME, key(doc));
    }

    private static String key(IngestDocument doc) {
        return "thumbnails/" + doc.getFileId() + ".jpg";
    }

    private BufferedImage firstPdfPage(IngestDocument doc) {
        try (PDDocument pdf = Loader.loadPDF(doc.getFile().toFile())) {
            // Never render more than the thumbnail needs: a poster-sized page 1 stays cheap.
            PDRectangle box = pdf.getPage(0).getCropBox();
            float scale = Math.min(renderDpi / 72f, 2f * maxSize / Math.max(box.getWidth(), box.getHeight()));
            return new PageRendering(pdf, maxPixels).preview(0, scale);
        } catch (IOException e) {
            throw new CorruptDocumentException("cannot render page 1: " + e.getMessage(), e);
        }
    }

    /** Scales down (never up) to fit a maxSize square, onto white: JPEG has no alpha. */
    private BufferedImage fit(BufferedImage image) {
        double scale = Math.min(1.0, (double) maxSize / Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, Color.WHITE, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
