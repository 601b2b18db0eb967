package io.docingest.bench;

import io.docingest.support.Fixtures;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Real-looking pages for the benchmark: Japanese and English business text, as scans and born digital. */
final class Corpus {

    private static final String[] JAPANESE = {"御見積書", "請求書", "納品書", "契約書", "議事録", "報告書", "注文書", "領収書"};

    private Corpus() {
    }

    /** Pages of eight lines, each page different. */
    static List<List<String>> scannedPages(int count) {
        List<List<String>> pages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String title = JAPANESE[i % JAPANESE.length];
            pages.add(List.of(title + " 第" + (i + 1) + "号", "株式会社サンプル商事 御中", "Document number 2026-" + (1000 + i),
                    "下記の通り御" + title + "申し上げます。", "Delivery date: 2026-12-" + (10 + i % 18),
                    "合計金額 " + (12000 + 350 * i) + " 円", "Total amount " + (12000 + 350 * i) + " JPY",
                    "担当 営業部 山田"));
        }
        return pages;
    }

    /**
     * A long scan whose pages all differ (eight lines each, as {@link #scannedPages}): every page
     * is decoded and read for itself, as in a real scan.
     */
    static byte[] distinctSparseScan(int pages) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDRectangle size = new PDRectangle(1748 * 72f / 300, 2480 * 72f / 300);
            List<List<String>> lines = scannedPages(pages);
            for (List<String> text : lines) {
                PDPage page = new PDPage(size);
                doc.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.drawImage(LosslessFactory.createFromImage(doc, Fixtures.render(text)), 0, 0, size.getWidth(), size.getHeight());
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /**
     * Born-digital pages full of small print (7 pt, about 9,000 characters a page), so a few
     * hundred pages make a document of about a thousand chunks.
     */
    static byte[] denseBornDigital(int pages) throws IOException {
        String[] sentences = {"The supplier shall deliver the goods by the agreed date.", "Each party keeps records of every inspection.",
                "The service desk reviews each invoice before the end of the month.", "Changes to the schedule are requested in writing.",
                "The contractor reports any defect within ten business days.", "Confidential information is never disclosed."};
        try (PDDocument doc = new PDDocument()) {
            org.apache.pdfbox.pdmodel.font.PDType1Font font = new org.apache.pdfbox.pdmodel.font.PDType1Font(
                    org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA);
            for (int p = 0; p < pages; p++) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.beginText();
                    content.setFont(font, 7);
                    content.setLeading(9);
                    content.newLineAtOffset(36, PDRectangle.A4.getHeight() - 40);
                    for (int line = 0; line < 86; line++) {
                        StringBuilder text = new StringBuilder("p" + (p + 1) + "." + (line + 1) + " ");
                        for (int s = 0; text.length() < 120; s++) {
                            text.append(sentences[(p * 7 + line * 3 + s) % sentences.length]).append(' ');
                        }
                        content.showText(text.toString());
                        content.newLine();
                    }
                    content.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }
}
