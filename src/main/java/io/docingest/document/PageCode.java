package io.docingest.document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A QR code or barcode found on a page: its format (ZXing's name, e.g. QR_CODE, CODE_128), the
 * text it encodes, and where it is, as fractions of the page's width and height from its top
 * left corner (so the box holds at any resolution the page is drawn at).
 */
public record PageCode(String format, String text, double x, double y, double width, double height) {

    /** The codes of these pages as the file document and the status record keep them: page, format, text, box. */
    public static List<Map<String, Object>> fields(List<PageText> pages) {
        List<Map<String, Object>> codes = new ArrayList<>();
        for (PageText page : pages) {
            for (PageCode code : page.codes()) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("page", page.page());
                fields.put("format", code.format());
                fields.put("text", code.text());
                fields.put("box", List.of(code.x(), code.y(), code.width(), code.height()));
                codes.add(fields);
            }
        }
        return codes;
    }
}
