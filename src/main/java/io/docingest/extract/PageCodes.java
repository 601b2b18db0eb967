package io.docingest.extract;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.ResultPoint;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.multi.GenericMultipleBarcodeReader;
import io.docingest.document.PageCode;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The QR codes and barcodes on a page, read by ZXing from the page image OCR has decoded already
 * (no second decode). Several per page are found (ZXing's multiple-barcode reader looks again
 * around each one it finds); QR codes are found at any rotation, and 1D barcodes are looked for
 * again on the page turned a quarter, as a sideways label would be printed.
 */
public final class PageCodes {

    private static final List<BarcodeFormat> ONE_D = List.of(BarcodeFormat.CODE_128, BarcodeFormat.CODE_39,
            BarcodeFormat.CODE_93, BarcodeFormat.CODABAR, BarcodeFormat.EAN_13, BarcodeFormat.EAN_8,
            BarcodeFormat.UPC_A, BarcodeFormat.UPC_E, BarcodeFormat.ITF);

    private static final Map<DecodeHintType, Object> UPRIGHT = hints(BarcodeFormat.QR_CODE, BarcodeFormat.DATA_MATRIX,
            BarcodeFormat.AZTEC, BarcodeFormat.PDF_417);

    /**
     * The quarter-turned pass looks for 1D barcodes only: ZXing's 2D detectors find their codes
     * at any rotation in the upright pass (PDF417's tries all four itself); running them again on
     * the turned copy was about a quarter of a page's code-reading time (BENCHMARKS.md).
     */
    private static final Map<DecodeHintType, Object> TURNED = hints();

    private static Map<DecodeHintType, Object> hints(BarcodeFormat... twoD) {
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
        List<BarcodeFormat> formats = new ArrayList<>(List.of(twoD));
        formats.addAll(ONE_D);
        hints.put(DecodeHintType.POSSIBLE_FORMATS, formats);
        return hints;
    }

    private PageCodes() {
    }

    /** Every code on an 8-bit grey or 1-bit page image, each once, in the order found. */
    public static List<PageCode> read(BufferedImage page) {
        byte[] grey = greyBytes(page);
        int width = page.getWidth();
        int height = page.getHeight();
        Map<String, PageCode> found = new LinkedHashMap<>();
        for (Result result : decode(new PlanarYUVLuminanceSource(grey, width, height, 0, 0, width, height, false), UPRIGHT)) {
            found.putIfAbsent(key(result), code(result, width, height, false));
        }
        // ZXing's own quarter turn needs a source that can rotate; a turned copy of the bytes does it here.
        for (Result result : decode(new PlanarYUVLuminanceSource(turnedQuarter(grey, width, height), height, width, 0, 0,
                height, width, false), TURNED)) {
            found.putIfAbsent(key(result), code(result, width, height, true));
        }
        return List.copyOf(found.values());
    }

    private static List<Result> decode(LuminanceSource source, Map<DecodeHintType, Object> hints) {
        try {
            Result[] results = new GenericMultipleBarcodeReader(new MultiFormatReader())
                    .decodeMultiple(new BinaryBitmap(new HybridBinarizer(source)), hints);
            return List.of(results);
        } catch (NotFoundException e) {
            return List.of();
        }
    }

    private static String key(Result result) {
        return result.getBarcodeFormat() + "\u0000" + result.getText();
    }

    /** The code's box as fractions of the upright page; a result from the turned copy is turned back. */
    private static PageCode code(Result result, int width, int height, boolean turned) {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = 0;
        double maxY = 0;
        for (ResultPoint point : result.getResultPoints()) {
            if (point == null) {
                continue;
            }
            // The copy is the page turned a quarter clockwise: upright (x, y) is its (height - 1 - y, x).
            double x = turned ? point.getY() : point.getX();
            double y = turned ? height - 1 - point.getX() : point.getY();
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
        }
        if (minX > maxX) {
            return new PageCode(result.getBarcodeFormat().name(), result.getText(), 0, 0, 0, 0);
        }
        return new PageCode(result.getBarcodeFormat().name(), result.getText(), round(minX / width), round(minY / height),
                round((maxX - minX) / width), round((maxY - minY) / height));
    }

    private static double round(double fraction) {
        return Math.round(fraction * 10_000) / 10_000.0;
    }

    /** One byte a pixel, 0 black: the grey image's own bytes, or a 1-bit scan unpacked. */
    private static byte[] greyBytes(BufferedImage page) {
        if (page.getType() == BufferedImage.TYPE_BYTE_GRAY
                && page.getRaster().getDataBuffer() instanceof DataBufferByte bytes
                && bytes.getData().length == page.getWidth() * page.getHeight()) {
            return bytes.getData();
        }
        Raster raster = page.getRaster();
        int width = page.getWidth();
        // 1-bit: sample 1 is white (OcrImages keeps 0 = black); 8-bit: the sample itself.
        boolean bilevel = page.getType() == BufferedImage.TYPE_BYTE_BINARY;
        byte[] grey = new byte[width * page.getHeight()];
        int[] row = new int[width];
        for (int y = 0; y < page.getHeight(); y++) {
            raster.getSamples(0, y, width, 1, 0, row);
            for (int x = 0; x < width; x++) {
                grey[y * width + x] = (byte) (bilevel ? (row[x] == 0 ? 0 : 255) : row[x]);
            }
        }
        return grey;
    }

    /** The pixels turned a quarter clockwise: width and height swap. */
    private static byte[] turnedQuarter(byte[] grey, int width, int height) {
        byte[] turned = new byte[grey.length];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                // upright (x, y) goes to (height - 1 - y, x) in a height-wide image
                turned[x * height + (height - 1 - y)] = grey[row + x];
            }
        }
        return turned;
    }
}
