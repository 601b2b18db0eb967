package io.docingest.bench;

import io.docingest.support.Fixtures;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Dense scanned pages, as an office scanner delivers them: full A4 at 300 dpi, about 2,000
 * characters of Japanese and English business text in a title block, body paragraphs, a table
 * with ruled cells, a two-column section and small print; then the scanner's flaws: a slight
 * skew, a little blur, speckles and paper grain, stored as grey JPEG. Each page is different
 * (seeded by its number) and comes with its text in reading order, so OCR can be scored.
 */
final class DensePages {

    static final int WIDTH = 2480;
    static final int HEIGHT = 3508;
    private static final int DPI = 300;
    private static final int MARGIN = 190;

    private static final String[] COMPANIES = {"株式会社東和商事", "北斗システム株式会社", "有限会社三光物産", "株式会社青葉技研",
            "日本橋総合サービス株式会社", "株式会社みらい設計", "丸の内リース株式会社", "株式会社千代田精機"};
    private static final String[] TITLES = {"業務委託契約書", "御見積書", "請求書", "納品書", "作業報告書", "議事録", "発注書", "保守点検報告書"};
    private static final String[] DEPARTMENTS = {"営業部", "総務部", "経理部", "技術開発部", "品質保証部", "情報システム部"};
    private static final String[] PEOPLE = {"山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 直樹", "田中 美咲", "伊藤 健二", "渡辺 恵", "中村 誠"};
    private static final String[] SUBJECTS = {"本契約", "当該業務", "甲の指示", "納入物", "保守作業", "検収結果", "本見積", "追加作業",
            "支払条件", "秘密情報"};
    private static final String[] PREDICATES = {"について以下の通り定める。", "は別紙仕様書に基づき実施するものとする。",
            "の内容に変更が生じた場合は、速やかに書面で通知する。", "に関する費用は、月末締め翌月末払いとする。",
            "の範囲は、甲乙協議の上で決定する。", "は検収完了をもって引き渡されたものとする。",
            "について疑義が生じた場合は、誠意をもって協議し解決する。", "の有効期間は、締結日から一年間とする。",
            "に係る記録は、五年間保管しなければならない。", "は第三者に開示してはならない。"};
    private static final String[] CONNECTIVES = {"なお、", "また、", "ただし、", "さらに、", "この場合、", ""};
    private static final String[] ITEMS = {"サーバー保守 Server maintenance", "ネットワーク機器 Network switch", "ソフトウェア利用料 License fee",
            "現地調査費 Site survey", "設計作業 Design work", "データ移行 Data migration", "操作研修 Training session",
            "消耗品 Consumables", "交通費 Travel expenses", "報告書作成 Report writing"};
    private static final String[] ENGLISH_SUBJECTS = {"The supplier", "The customer", "Each party", "The contractor", "The project team",
            "The service desk", "The auditor"};
    private static final String[] ENGLISH_PREDICATES = {"shall deliver the goods by the agreed date.",
            "will report any defect within ten business days.", "must keep all confidential information secure.",
            "reviews the invoice before the end of the month.", "may request changes to the schedule in writing.",
            "is responsible for the acceptance test.", "agrees to the payment terms stated above.",
            "keeps records of every inspection for five years."};
    private static final String[] SMALL_PRINT = {"本書に記載の金額には消費税等を含みません。", "振込手数料は貴社にてご負担願います。",
            "Prices exclude consumption tax and are valid for 30 days.", "お問い合わせは担当者までご連絡ください。",
            "This document was issued electronically and is valid without a seal.", "記載内容に誤りがある場合は七日以内にお知らせください。"};

    private DensePages() {
    }

    /** A page's pixels (grey, 300 dpi, as the scanner stored them) and its text in reading order. */
    record Page(byte[] jpeg, String text) {
    }

    static Page page(int number) {
        Random random = new Random(20261202L + number * 7919L);
        BufferedImage clean = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = clean.createGraphics();
        StringBuilder text = new StringBuilder();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            Font base = Font.createFont(Font.TRUETYPE_FONT, Fixtures.IPA_GOTHIC);
            int y = MARGIN + 40;
            y = header(g, base, random, number, y, text);
            int footerTop = HEIGHT - MARGIN - 4 * 36;
            Font body = base.deriveFont(points(10.5f));
            int[] article = {1};
            y = paragraphs(g, body, random, y, article, y + 900, text);
            y = table(g, base.deriveFont(points(9.5f)), random, y + 30, text);
            y = columns(g, base.deriveFont(points(9f)), random, y + 40, text);
            paragraphs(g, body, random, y + 40, article, footerTop - 40, text);
            footer(g, base.deriveFont(points(7.5f)), random, footerTop, text);
        } catch (java.awt.FontFormatException | IOException e) {
            throw new IllegalStateException("IPA Gothic is required (apt-get install fonts-ipafont-gothic)", e);
        } finally {
            g.dispose();
        }
        return new Page(jpeg(scanned(clean, random)), text.toString());
    }

    /** A PDF of the given pages, each page its scan as a grey JPEG over the whole A4 page. */
    static byte[] pdf(List<Page> pages) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDRectangle a4 = new PDRectangle(WIDTH * 72f / DPI, HEIGHT * 72f / DPI);
            for (Page scan : pages) {
                PDPage page = new PDPage(a4);
                doc.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.drawImage(JPEGFactory.createFromByteArray(doc, scan.jpeg()), 0, 0, a4.getWidth(), a4.getHeight());
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    static List<Page> pages(int first, int count) {
        List<Page> pages = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            pages.add(page(i));
        }
        return pages;
    }

    private static float points(float pt) {
        return pt * DPI / 72f;
    }

    private static int header(Graphics2D g, Font base, Random random, int number, int y, StringBuilder text) {
        String company = pick(random, COMPANIES);
        String title = pick(random, TITLES);
        String docNo = "No. " + (2026_0000 + number * 13 + random.nextInt(9));
        String date = "2026年" + (1 + random.nextInt(12)) + "月" + (1 + random.nextInt(28)) + "日";
        g.setFont(base.deriveFont(points(9f)));
        int line = g.getFontMetrics().getHeight();
        draw(g, docNo, WIDTH - MARGIN - g.getFontMetrics().stringWidth(docNo), y, text);
        y += line;
        draw(g, date, WIDTH - MARGIN - g.getFontMetrics().stringWidth(date), y, text);
        y += line + 20;
        g.setFont(base.deriveFont(Font.BOLD, points(18f)));
        draw(g, title, (WIDTH - g.getFontMetrics().stringWidth(title)) / 2, y + g.getFontMetrics().getAscent(), text);
        y += g.getFontMetrics().getHeight() + 40;
        g.setFont(base.deriveFont(points(10.5f)));
        line = g.getFontMetrics().getHeight();
        draw(g, pick(random, COMPANIES) + " 御中", MARGIN, y, text);
        y += line;
        draw(g, company + " " + pick(random, DEPARTMENTS) + " 担当 " + pick(random, PEOPLE), MARGIN, y, text);
        return y + line + 30;
    }

    /** Numbered articles, counting on from {@code article[0]}, as many lines as fit above {@code bottom}. */
    private static int paragraphs(Graphics2D g, Font font, Random random, int y, int[] article, int bottom, StringBuilder text) {
        g.setFont(font);
        int line = g.getFontMetrics().getHeight();
        while (y + line <= bottom) {
            StringBuilder paragraph = new StringBuilder("第" + article[0]++ + "条 ");
            int sentences = 3 + random.nextInt(3);
            for (int s = 0; s < sentences; s++) {
                paragraph.append(pick(random, CONNECTIVES)).append(pick(random, SUBJECTS)).append(pick(random, PREDICATES));
                if (random.nextInt(3) == 0) {
                    paragraph.append(pick(random, ENGLISH_SUBJECTS)).append(' ').append(pick(random, ENGLISH_PREDICATES)).append(' ');
                }
            }
            for (String wrapped : wrap(g.getFontMetrics(), paragraph.toString().strip(), WIDTH - 2 * MARGIN)) {
                if (y + line > bottom) {
                    break;
                }
                draw(g, wrapped, MARGIN, y, text);
                y += line;
            }
            y += line / 3;
        }
        return y;
    }

    private static int table(Graphics2D g, Font font, Random random, int y, StringBuilder text) {
        g.setFont(font);
        FontMetrics metrics = g.getFontMetrics();
        int rowHeight = metrics.getHeight() + 24;
        int[] columns = {MARGIN, MARGIN + 980, MARGIN + 1280, MARGIN + 1690, WIDTH - MARGIN};
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"品目 Item", "数量 Qty", "単価 Unit price", "金額 Amount"});
        int total = 0;
        int count = 6 + random.nextInt(4);
        for (int r = 0; r < count; r++) {
            int quantity = 1 + random.nextInt(40);
            int price = (5 + random.nextInt(400)) * 100;
            total += quantity * price;
            rows.add(new String[]{pick(random, ITEMS), String.valueOf(quantity), String.format("%,d", price), String.format("%,d", quantity * price)});
        }
        rows.add(new String[]{"合計 Total", "", "", String.format("%,d 円", total)});
        g.setStroke(new BasicStroke(3f));
        for (int r = 0; r <= rows.size(); r++) {
            g.drawLine(columns[0], y + r * rowHeight, columns[columns.length - 1], y + r * rowHeight);
        }
        for (int x : columns) {
            g.drawLine(x, y, x, y + rows.size() * rowHeight);
        }
        for (String[] row : rows) {
            int baseline = y + 12 + metrics.getAscent();
            for (int c = 0; c < row.length; c++) {
                if (row[c].isEmpty()) {
                    continue;
                }
                int x = c == 0 ? columns[c] + 20 : columns[c + 1] - 20 - metrics.stringWidth(row[c]);
                draw(g, row[c], x, baseline, text);
            }
            y += rowHeight;
        }
        return y;
    }

    private static int columns(Graphics2D g, Font font, Random random, int y, StringBuilder text) {
        g.setFont(font);
        int line = g.getFontMetrics().getHeight();
        int gutter = 80;
        int width = (WIDTH - 2 * MARGIN - gutter) / 2;
        StringBuilder left = new StringBuilder("【特記事項】");
        for (int s = 0; s < 8; s++) {
            left.append(pick(random, CONNECTIVES)).append(pick(random, SUBJECTS)).append(pick(random, PREDICATES));
        }
        StringBuilder right = new StringBuilder("Notes: ");
        for (int s = 0; s < 9; s++) {
            right.append(pick(random, ENGLISH_SUBJECTS)).append(' ').append(pick(random, ENGLISH_PREDICATES)).append(' ');
        }
        int bottom = y;
        for (String[] column : new String[][]{{left.toString(), String.valueOf(MARGIN)},
                {right.toString().strip(), String.valueOf(MARGIN + width + gutter)}}) {
            int lineY = y;
            for (String wrapped : wrap(g.getFontMetrics(), column[0], width)) {
                draw(g, wrapped, Integer.parseInt(column[1]), lineY, text);
                lineY += line;
            }
            bottom = Math.max(bottom, lineY);
        }
        return bottom;
    }

    private static void footer(Graphics2D g, Font font, Random random, int y, StringBuilder text) {
        g.setFont(font);
        int line = g.getFontMetrics().getHeight();
        for (int i = 0; i < 4; i++) {
            draw(g, "※ " + pick(random, SMALL_PRINT) + " " + pick(random, SMALL_PRINT), MARGIN, y, text);
            y += line;
        }
    }

    private static void draw(Graphics2D g, String line, int x, int y, StringBuilder text) {
        g.drawString(line, x, y);
        text.append(line).append('\n');
    }

    /** Greedy wrapping by width: Japanese breaks anywhere, English at spaces where it can. */
    private static List<String> wrap(FontMetrics metrics, String paragraph, int width) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < paragraph.length()) {
            int end = start;
            while (end < paragraph.length() && metrics.stringWidth(paragraph.substring(start, end + 1)) <= width) {
                end++;
            }
            if (end < paragraph.length()) {
                int space = paragraph.lastIndexOf(' ', end);
                if (space > start && paragraph.charAt(end - 1) < 0x3000 && paragraph.charAt(end) < 0x3000) {
                    end = space + 1;
                }
            }
            lines.add(paragraph.substring(start, end).strip());
            start = end;
        }
        lines.removeIf(String::isEmpty);
        return lines;
    }

    /** The scanner: skewed by up to 0.6°, slightly blurred, with paper grain and speckles. */
    private static BufferedImage scanned(BufferedImage clean, Random random) {
        BufferedImage skewed = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = skewed.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            double degrees = (random.nextDouble() - 0.5) * 1.2;
            g.drawImage(clean, AffineTransform.getRotateInstance(Math.toRadians(degrees), WIDTH / 2.0, HEIGHT / 2.0), null);
        } finally {
            g.dispose();
        }
        float[] blur = {0.025f, 0.05f, 0.025f, 0.05f, 0.7f, 0.05f, 0.025f, 0.05f, 0.025f};
        BufferedImage soft = new ConvolveOp(new Kernel(3, 3, blur), ConvolveOp.EDGE_NO_OP, null).filter(skewed, null);
        byte[] pixels = ((java.awt.image.DataBufferByte) soft.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            int value = (pixels[i] & 0xff) - random.nextInt(8);
            pixels[i] = (byte) Math.max(0, value);
        }
        for (int speck = 0; speck < 800; speck++) {
            int x = random.nextInt(WIDTH - 3);
            int y = random.nextInt(HEIGHT - 3);
            int size = 1 + random.nextInt(3);
            for (int dy = 0; dy < size; dy++) {
                for (int dx = 0; dx < size; dx++) {
                    pixels[(y + dy) * WIDTH + x + dx] = (byte) 40;
                }
            }
        }
        return soft;
    }

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.8f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static String pick(Random random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
