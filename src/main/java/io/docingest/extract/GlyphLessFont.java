package io.docingest.extract;

import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The invisible text layer's font, in the way Tesseract's own PDF renderer does it: every
 * character is one blank glyph of one width, so the font program is a few hundred bytes whatever
 * the script, and the text is carried by the codes themselves. Codes are UTF-16 code units
 * (Identity-H: two bytes a character, the code is the CID); every CID draws the same blank glyph
 * (a CIDToGIDMap of ones); a ToUnicode map gives each code back as the character it is, which is
 * what pdftotext and a viewer's search read. The glyph is the space of {@code ingest.output.font}
 * (kept by FontBox's subsetter, so the program is a real TrueType font), and its advance is the
 * one width ({@code DW}), so the dictionary and the program agree.
 */
final class GlyphLessFont {

    static final COSName NAME = COSName.getPDFName("GlyphLess");
    private static final String BASE_FONT = "GlyphLessFont";

    private final byte[] program;
    /** The blank glyph's advance, in thousandths of the font size. */
    private final int width;

    GlyphLessFont(Path font) throws IOException {
        try (TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBufferedFile(font.toFile()))) {
            // The tables a font program needs, without the hinting ones (fpgm, prep, cvt): a blank
            // glyph needs no hints, and IPA Gothic's make the subset 56 kB instead of 1.2 kB.
            TTFSubsetter subset = new TTFSubsetter(ttf, List.of("head", "hhea", "hmtx", "maxp", "loca", "glyf", "cmap", "post",
                    "name", "OS/2"));
            subset.add(' ');
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            subset.writeToStream(out);
            program = out.toByteArray();
            int space = ttf.nameToGID("space");
            width = Math.round(ttf.getAdvanceWidth(space > 0 ? space : ttf.getUnicodeCmapLookup().getGlyphId(' '))
                    * 1000f / ttf.getUnitsPerEm());
        }
    }

    /** The width of one character, in thousandths of the font size. */
    int width() {
        return width;
    }

    /** The Type0 font dictionary for one document (its streams belong to it). */
    COSDictionary dictionary(PDDocument pdf) throws IOException {
        COSDictionary descriptor = new COSDictionary();
        descriptor.setItem(COSName.TYPE, COSName.FONT_DESC);
        descriptor.setName(COSName.FONT_NAME, BASE_FONT);
        descriptor.setInt(COSName.FLAGS, 5);  // fixed pitch, symbolic
        descriptor.setItem(COSName.FONT_BBOX, numbers(0, 0, width, 1000));
        descriptor.setInt(COSName.ITALIC_ANGLE, 0);
        descriptor.setInt(COSName.ASCENT, 1000);
        descriptor.setInt(COSName.DESCENT, 0);
        descriptor.setInt(COSName.CAP_HEIGHT, 1000);
        descriptor.setInt(COSName.STEM_V, 80);
        PDStream fontFile = stream(pdf, program);
        fontFile.getCOSObject().setInt(COSName.LENGTH1, program.length);  // a font program's own length
        descriptor.setItem(COSName.FONT_FILE2, fontFile);

        COSDictionary system = new COSDictionary();
        system.setItem(COSName.REGISTRY, new COSString("Adobe"));
        system.setItem(COSName.ORDERING, new COSString("Identity"));
        system.setInt(COSName.SUPPLEMENT, 0);

        COSDictionary cidFont = new COSDictionary();
        cidFont.setItem(COSName.TYPE, COSName.FONT);
        cidFont.setItem(COSName.SUBTYPE, COSName.CID_FONT_TYPE2);
        cidFont.setName(COSName.BASE_FONT, BASE_FONT);
        cidFont.setItem(COSName.CIDSYSTEMINFO, system);
        cidFont.setItem(COSName.FONT_DESC, descriptor);
        cidFont.setInt(COSName.DW, width);
        cidFont.setItem(COSName.CID_TO_GID_MAP, stream(pdf, everyCidToGlyphOne()));

        COSDictionary type0 = new COSDictionary();
        type0.setItem(COSName.TYPE, COSName.FONT);
        type0.setItem(COSName.SUBTYPE, COSName.TYPE0);
        type0.setName(COSName.BASE_FONT, BASE_FONT);
        type0.setItem(COSName.ENCODING, COSName.IDENTITY_H);
        COSArray descendants = new COSArray();
        descendants.add(cidFont);
        type0.setItem(COSName.DESCENDANT_FONTS, descendants);
        type0.setItem(COSName.TO_UNICODE, stream(pdf, toUnicode()));
        return type0;
    }

    /** The codes of a word: its characters in the Basic Multilingual Plane as UTF-16, four hex digits each. */
    static String codes(String word) {
        StringBuilder hex = new StringBuilder();
        word.codePoints().filter(c -> c <= 0xFFFF && !Character.isSurrogate((char) c) && !Character.isISOControl(c))
                .forEach(c -> hex.append(String.format(Locale.ROOT, "%04X", c)));
        return hex.toString();
    }

    private static byte[] everyCidToGlyphOne() {
        byte[] map = new byte[0x10000 * 2];
        for (int cid = 0; cid < 0x10000; cid++) {
            map[2 * cid + 1] = 1;
        }
        return map;
    }

    /** Each two-byte code is the UTF-16 code unit of its character (256 ranges: a range may not cross a first byte). */
    private static byte[] toUnicode() {
        StringBuilder cmap = new StringBuilder("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                + "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                + "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                + "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        for (int block = 0; block < 256; block += 100) {
            int count = Math.min(100, 256 - block);
            cmap.append(count).append(" beginbfrange\n");
            for (int high = block; high < block + count; high++) {
                cmap.append(String.format(Locale.ROOT, "<%02X00> <%02XFF> <%02X00>\n", high, high, high));
            }
            cmap.append("endbfrange\n");
        }
        cmap.append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return cmap.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static PDStream stream(PDDocument pdf, byte[] content) throws IOException {
        PDStream stream = new PDStream(pdf);
        try (OutputStream out = stream.createOutputStream(COSName.FLATE_DECODE)) {
            out.write(content);
        }
        return stream;
    }

    private static COSArray numbers(int... values) {
        COSArray array = new COSArray();
        for (int value : values) {
            array.add(COSInteger.get(value));
        }
        return array;
    }
}
