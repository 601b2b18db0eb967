package io.docingest.bench;

import io.docingest.support.Fixtures;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

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

    static byte[] bornDigital(int pages) throws IOException {
        List<List<String>> text = new ArrayList<>();
        for (int i = 0; i < pages; i++) {
            text.add(List.of("第" + (i + 1) + "頁 " + JAPANESE[i % JAPANESE.length], "Born-digital page " + (i + 1)
                    + " of the annual handbook.", "本文は文字層から抽出されます。 The text layer is used, never OCR."));
        }
        return Fixtures.bornDigitalPdf(text);
    }

    /**
     * A long scan whose pages all show the same scanned image (stored once): real pages to render
     * and OCR, without a gigabyte of fixture.
     */
    static byte[] sparseScan(int pages) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDImageXObject image = LosslessFactory.createFromImage(doc,
                    Fixtures.render(List.of("保存文書", "Archived page")));
            PDRectangle size = new PDRectangle(1748 * 72f / 300, 2480 * 72f / 300);
            for (int i = 0; i < pages; i++) {
                PDPage page = new PDPage(size);
                doc.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.drawImage(image, 0, 0, size.getWidth(), size.getHeight());
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }
}
