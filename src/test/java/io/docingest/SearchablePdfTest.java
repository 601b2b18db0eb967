package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.document.FileIds;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import io.docingest.support.TcpProxy;
import io.docingest.support.VeraPdf;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Searchable PDFs through the real pipeline (processor type with {@code output: searchable-pdf}),
 * read back from the output bucket and checked with poppler's pdftotext and qpdf: the OCR'd words
 * are found on their own pages, five known words' boxes lie within 2 mm of where they were drawn
 * on the scan, a born-digital page keeps its content stream byte for byte, and an image file
 * becomes a PDF of its frames with the same layer. PDF/A is on ({@code ingest.output.pdf-a}):
 * veraPDF, asked directly, finds each copy PDF/A-2b, and the results JSON says so.
 */
class SearchablePdfTest {

    private static final int DPI = 300;
    private static final double MM = 72 / 25.4;

    @TempDir
    static Path dir;
    private static RunningDaemon daemon;

    @BeforeAll
    static void start() throws Exception {
        Properties props = new Properties();
        props.setProperty("ingest.processor-types.searchable.output", "searchable-pdf,results");
        props.setProperty("ingest.output.pdf-a", "true");
        daemon = new RunningDaemon("searchable", props);
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
    }

    @Test
    void aSixPageScanInJapaneseAndEnglishGetsItsWordsOnTheRightPages() throws Exception {
        List<List<String>> pages = new ArrayList<>();
        String[] subjects = {"倉庫", "会計", "営業", "総務", "物流", "品質"};
        String[] words = {"Warehouse", "Accounting", "Sales", "Administration", "Logistics", "Quality"};
        for (int i = 0; i < 6; i++) {
            pages.add(List.of(subjects[i] + "部 月次報告", words[i] + " monthly report page " + (i + 1)));
        }
        byte[] scan = Fixtures.scannedPdf(pages);
        Path out = process("files/searchable/report.pdf", scan);

        for (int i = 0; i < 6; i++) {
            String text = pdftotext(out, i + 1);
            assertThat(text).as("page " + (i + 1)).contains(words[i]);
            assertThat(text.replaceAll("\\s", "")).as("page " + (i + 1)).contains(subjects[i] + "部");
            assertThat(text).as("page " + (i + 1) + " holds only its own words").doesNotContain(words[(i + 1) % 6]);
        }
        assertQpdfPasses(out);
        assertThat(VeraPdf.isPdfA2b(out)).as("PDF/A-2b").isTrue();
        JsonNode file = daemon.get("files", FileIds.fileId("files/searchable/report.pdf")).path("_source");
        String content = file.path("content").asText();
        assertThat(Files.size(out)).as("at most the input + 10% + the text (+ PDF/A's metadata and colour profile)")
                .isLessThanOrEqualTo((long) (scan.length * 1.1) + content.getBytes(StandardCharsets.UTF_8).length + pdfAFixedPart(out));

        // The results JSON beside it says what the index says.
        JsonNode results = new ObjectMapper().readTree(daemon.servers.s3.getObjectAsBytes(g -> g.bucket(LocalServers.OUTPUT)
                .key("out/files/searchable/report.pdf.json")).asByteArray());
        assertThat(results.path("document_id").asText()).isEqualTo(file.path("file_id").asText());
        assertThat(results.path("page_count").asInt()).isEqualTo(file.path("page_count").asInt()).isEqualTo(6);
        List<String> texts = new ArrayList<>();
        results.path("pages").forEach(page -> texts.add(page.path("text").asText()));
        assertThat(String.join("\f", texts)).isEqualTo(content);
        assertThat(results.path("searchable_pdf").path("conformance").asText()).isEqualTo("PDF/A-2b");
        for (int i = 0; i < 6; i++) {
            JsonNode page = results.path("pages").get(i);
            JsonNode indexed = file.path("pages").get(i);
            assertThat(page.path("source").asText()).isEqualTo(indexed.path("source").asText()).isEqualTo("ocr");
            assertThat(page.path("confidence").asInt()).isEqualTo(indexed.path("confidence").asInt());
        }
    }

    @Test
    void wordsLieWhereTheScanHasThemAndABornDigitalPageIsUntouched() throws Exception {
        Map<String, Rectangle2D> drawn = new LinkedHashMap<>();
        BufferedImage english = scan(List.of("Quarterly maintenance report", "The compressor was replaced in March",
                "Warehouse inspection passed without findings"), drawn);
        byte[] mixed = mixedPdf(english, List.of("請求書 Invoice 2026-118", "Total 48,000 JPY"));
        Path out = process("files/searchable/mixed.pdf", mixed);

        assertThat(pdftotext(out, 1)).contains("Quarterly").contains("compressor").contains("Warehouse");
        assertWordsWithin2mm(boxes(out, 1), drawn, box -> box);
        try (PDDocument before = Loader.loadPDF(mixed); PDDocument after = Loader.loadPDF(out.toFile())) {
            assertThat(contents(after.getPage(1))).as("the born-digital page's content stream").isEqualTo(contents(before.getPage(1)));
            // The scan's own stream stays, byte for byte, wrapped in a save and restore of the
            // graphics state so the layer after it starts from a clean one.
            assertThat(new String(contents(after.getPage(0)), StandardCharsets.ISO_8859_1))
                    .as("the scan's own content, untouched").contains(new String(contents(before.getPage(0)), StandardCharsets.ISO_8859_1));
        }
        assertQpdfPasses(out);
        assertThat(VeraPdf.isPdfA2b(out)).as("PDF/A-2b, the born-digital page's font being embedded").isTrue();
    }

    /**
     * Pages not upright as stored: a scan stored sideways and shown upright by /Rotate 90 (read
     * with Tesseract's own orientation detection, which leaves the word boxes in the stored axes),
     * and a scan fed in upside down. pdftotext -bbox-layout measures each page as shown (turned by
     * its /Rotate): each word lies within 2 mm of where the shown page has it.
     */
    @Test
    void wordsOnARotatedPageAndAnUpsideDownScanLieWhereTheyAreShown() throws Exception {
        Map<String, Rectangle2D> drawn = new LinkedHashMap<>();
        BufferedImage upright = scan(List.of("Quarterly maintenance report for the northern depot",
                "The compressor was replaced in March after the annual survey",
                "Warehouse inspection passed without findings of any kind",
                "The next visit is planned for the second week of October",
                "Questions about this report go to the facilities office"), drawn);
        Path out = process("files/searchable/turned.pdf", turnedPdf(upright));

        double width = upright.getWidth() * 72.0 / DPI;
        double height = upright.getHeight() * 72.0 / DPI;
        assertWordsWithin2mm(boxes(out, 1), drawn, box -> box);
        assertWordsWithin2mm(boxes(out, 2), drawn, box -> new double[]{width - box[2], height - box[3], width - box[0], height - box[1]});
        assertQpdfPasses(out);
    }

    @Test
    void aTiffScanBecomesAPdfOfItsFramesWithTheLayer() throws Exception {
        byte[] tiff = Fixtures.multiPageTiff(List.of(List.of("First frame", "Procurement request"), List.of("Second frame", "Delivery schedule")));
        Path out = process("files/searchable/fax.tiff", tiff);
        try (PDDocument pdf = Loader.loadPDF(out.toFile())) {
            assertThat(pdf.getNumberOfPages()).isEqualTo(2);
        }
        assertThat(pdftotext(out, 1)).contains("Procurement");
        assertThat(pdftotext(out, 2)).contains("Delivery");
        assertQpdfPasses(out);
        assertThat(VeraPdf.isPdfA2b(out)).as("PDF/A-2b").isTrue();
    }

    /**
     * The outputs' and thumbnails' S3 server answers 500 from before the daemon starts (made at the
     * network boundary, the SDK's own client talking to it): the daemon starts all the same (the
     * stores are not asked for their buckets until a document needs them), the SDK's retries and
     * the route's redeliveries fail, the document is handed back, not indexed and not
     * acknowledged, and its status says why; once the server answers again the retry stores the
     * output and the thumbnail and indexes the document.
     */
    @Test
    void anOutputTheS3ServerRefusesLeavesTheMessageQueuedWithTheReason() throws Exception {
        try (TcpProxy outputS3 = new TcpProxy("127.0.0.1", daemon.servers.s3Server.getPort())) {
            Properties props = quickRetries();
            props.setProperty("ingest.processor-types.searchable.output", "searchable-pdf");
            // Clients of their own, through the proxy (Camel would otherwise give every aws2-s3
            // endpoint the registry's one client), computing checksums only where S3 requires
            // them, as the daemon's own client is set to for this S3 server
            // (ingest.s3.checksum-calculation); the SDK reads that default from a system property.
            props.setProperty("camel.component.aws2-s3.autowired-enabled", "false");
            System.setProperty("aws.requestChecksumCalculation", "WHEN_REQUIRED");
            String throughProxy = "?autoCreateBucket=false&overrideEndpoint=true&uriEndpointOverride=http://127.0.0.1:" + outputS3.port()
                    + "&forcePathStyle=true&region=us-east-1&accessKey=RAW(" + LocalServers.ACCESS_KEY + ")&secretKey=RAW("
                    + LocalServers.SECRET_KEY + ")";
            props.setProperty("ingest.output.uri", "aws2-s3://" + LocalServers.OUTPUT + throughProxy);
            props.setProperty("ingest.thumbnail.uri", "aws2-s3://" + LocalServers.THUMBNAILS + throughProxy);
            outputS3.answer500(true);
            try (RunningDaemon refused = new RunningDaemon("outputrefused", props)) {
                String key = "files/searchable/refused.pdf";
                refused.servers.s3.putObject(p -> p.bucket(LocalServers.LANDING).key(key).metadata(Map.of("processor-type", "searchable")),
                        RequestBody.fromBytes(Fixtures.scannedPdf(List.of(List.of("Retry me", "Output server failing")))));
                refused.send(refused.transformedEvent(key));
                assertRetrying(refused, key, "500");
                assertThat(outputS3.failedRequests()).as("puts refused").isPositive();
                outputS3.answer500(false);
                assertIndexedOnRetry(refused, key);
                assertThat(refused.servers.s3.headObject(h -> h.bucket(LocalServers.OUTPUT).key("out/" + key + ".pdf")).contentLength())
                        .isPositive();
                assertThat(refused.servers.s3.headObject(h -> h.bucket(LocalServers.THUMBNAILS)
                        .key("thumbnails/" + FileIds.fileId(key) + ".jpg")).contentLength()).isPositive();
            } finally {
                System.clearProperty("aws.requestChecksumCalculation");
            }
        }
    }

    /**
     * A deleted object's copy and results go from the output bucket with its documents; a deletion
     * older than the version indexed since leaves that version's outputs, which carry the same names.
     */
    @Test
    void aDeletedObjectsOutputsGoWhileAStaleDeletionLeavesTheNewerVersionsOutputs() throws Exception {
        String deleted = "files/searchable/deleted.pdf";
        String recreated = "files/searchable/recreated.pdf";
        process(deleted, Fixtures.scannedPdf(List.of(List.of("Deleted later", "Its outputs follow it"))));
        process(recreated, Fixtures.scannedPdf(List.of(List.of("Created again", "Its outputs stay"))));
        assertThat(outputs(deleted)).hasSize(2);
        assertThat(outputs(recreated)).hasSize(2);

        // Both were indexed from events at 10:00 (RunningDaemon.transformedEvent).
        daemon.deliver(removal(deleted, "2026-11-26T10:05:00Z"));
        assertThat(daemon.status(FileIds.fileId(deleted)).path("status").asText()).isEqualTo("deleted");
        assertThat(outputs(deleted)).as("outputs left of the deleted object").isEmpty();

        daemon.deliver(removal(recreated, "2026-11-26T09:55:00Z"));
        assertThat(daemon.get("files", FileIds.fileId(recreated)).path("found").asBoolean()).isTrue();
        assertThat(outputs(recreated)).as("the newer version's outputs").hasSize(2);
    }

    private static List<String> outputs(String key) {
        return daemon.servers.s3.listObjectsV2(l -> l.bucket(LocalServers.OUTPUT).prefix("out/" + key + "."))
                .contents().stream().map(object -> object.key()).toList();
    }

    /** An S3 notification that the object was removed, at {@code time}. */
    private static String removal(String key, String time) {
        return "{\"Records\":[{\"eventName\":\"ObjectRemoved:Delete\",\"eventTime\":\"" + time + "\",\"s3\":{\"bucket\":{\"name\":\""
                + LocalServers.LANDING + "\"},\"object\":{\"key\":\"" + key + "\"}}}]}";
    }

    /**
     * Outputs to a folder (local mode's kind): written under a temporary name, renamed, read back.
     * While the folder is read-only the document is retried with the reason, as for S3. Removed
     * when their object is deleted.
     */
    @Test
    void toAFolderTheOutputsAreRenamedIntoPlaceWholeOnceItCanBeWritten() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("outputs"));
        Properties props = quickRetries();
        props.setProperty("ingest.processor-types.searchable.output", "searchable-pdf,results");
        props.setProperty("ingest.output.uri", "file:" + folder + "?tempPrefix=.writing-");
        try (RunningDaemon local = new RunningDaemon("outputfolder", props)) {
            String key = "files/searchable/folder.pdf";
            local.servers.s3.putObject(p -> p.bucket(LocalServers.LANDING).key(key).metadata(Map.of("processor-type", "searchable")),
                    RequestBody.fromBytes(Fixtures.scannedPdf(List.of(List.of("Folder output", "Inventory ledger")))));
            readOnly(folder, true);
            try {
                local.send(local.transformedEvent(key));
                assertRetrying(local, key, "out");
            } finally {
                readOnly(folder, false);
            }
            assertIndexedOnRetry(local, key);
            Path pdf = folder.resolve("out/" + key + ".pdf");
            assertThat(pdftotext(pdf, 1)).contains("Inventory");
            assertThat(new ObjectMapper().readTree(folder.resolve("out/" + key + ".json").toFile()).path("pages").get(0)
                    .path("text").asText()).contains("Inventory");
            try (var files = Files.walk(folder)) {
                assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(name -> name.startsWith(".writing-"));
            }

            local.deliver(removal(key, "2026-11-26T10:05:00Z"));
            assertThat(pdf).as("removed with its object").doesNotExist();
            assertThat(folder.resolve("out/" + key + ".json")).doesNotExist();
        }
    }

    /** Redelivered once, quickly, then handed back after a second: the retry is seen within the test's time. */
    private static Properties quickRetries() {
        Properties props = new Properties();
        props.setProperty("ingest.retry.transient.maximum-redeliveries", "1");
        props.setProperty("ingest.retry.transient.redelivery-delay", "100");
        props.setProperty("ingest.retry.transient.hand-back-delay-seconds", "1");
        return props;
    }

    /** The document's status says it is being retried and why; it is not indexed and its message stays queued. */
    private static void assertRetrying(RunningDaemon worker, String key, String why) throws Exception {
        String id = FileIds.fileId(key);
        await().atMost(2, TimeUnit.MINUTES).until(() -> worker.status(id).path("reason").asText().startsWith("retrying: "));
        assertThat(worker.status(id).path("reason").asText()).contains(why);
        assertThat(worker.status(id).path("status").asText()).isEqualTo("processing");
        assertThat(worker.get("files", id).path("found").asBoolean()).as("not indexed without its output").isFalse();
        assertThat(worker.messagesLeft()).as("the message is still queued").isEqualTo(1);
    }

    /** Once the output can be written, the retry indexes the document and deletes its message. */
    private static void assertIndexedOnRetry(RunningDaemon worker, String key) {
        String id = FileIds.fileId(key);
        await().atMost(2, TimeUnit.MINUTES).until(() -> worker.status(id).path("status").asText().equals("indexed"));
        await().atMost(30, TimeUnit.SECONDS).until(() -> worker.messagesLeft() == 0);
    }

    /**
     * A folder no one may write: the immutable attribute when the tests run as root (whom
     * permissions do not stop), else no write permission; checked by trying.
     */
    private static void readOnly(Path folder, boolean on) throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            assertThat(run("chattr", on ? "+i" : "-i", folder.toString())).isEmpty();
        } else {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(on ? "r-xr-xr-x" : "rwxr-xr-x"));
        }
        Path probe = folder.resolve("probe");
        boolean writable;
        try {
            Files.delete(Files.createFile(probe));
            writable = true;
        } catch (IOException e) {
            writable = false;
        }
        assertThat(writable).as(folder + " writable").isEqualTo(!on);
    }

    /** Puts the file with the searchable type, delivers its event, and fetches the output from the output bucket. */
    private static Path process(String key, byte[] content) throws Exception {
        daemon.servers.s3.putObject(p -> p.bucket(LocalServers.LANDING).key(key).metadata(Map.of("processor-type", "searchable")),
                RequestBody.fromBytes(content));
        daemon.deliver(daemon.transformedEvent(key));
        assertThat(daemon.drainDeadLetters()).as("parked").isEmpty();
        Path out = dir.resolve(key.replace('/', '_') + ".pdf");
        Files.write(out, daemon.servers.s3.getObjectAsBytes(g -> g.bucket(LocalServers.OUTPUT).key("out/" + key + ".pdf")).asByteArray());
        return out;
    }

    /** An A4 page at 300 dpi, a line of text each 150 pixels, and each word's box where it was drawn. */
    private static BufferedImage scan(List<String> lines, Map<String, Rectangle2D> boxes) throws Exception {
        BufferedImage page = new BufferedImage(2480, 3508, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = page.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, page.getWidth(), page.getHeight());
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(Font.createFont(Font.TRUETYPE_FONT, Fixtures.IPA_GOTHIC).deriveFont(60f));
            FontMetrics metrics = g.getFontMetrics();
            int baseline = 400;
            for (String line : lines) {
                g.drawString(line, 250, baseline);
                int x = 250;
                for (String word : line.split(" ")) {
                    Rectangle2D ink = g.getFont().createGlyphVector(g.getFontRenderContext(), word).getVisualBounds();
                    boxes.put(word, new Rectangle2D.Double(x + ink.getX(), baseline + ink.getY(), ink.getWidth(), ink.getHeight()));
                    x += metrics.stringWidth(word + " ");
                }
                baseline += 150;
            }
        } finally {
            g.dispose();
        }
        return page;
    }

    /**
     * Five known words, each found by pdftotext on the page within 2 mm of its box as drawn on the
     * upright scan, moved by {@code shown} to where the page shows it (points from the top left).
     */
    private static void assertWordsWithin2mm(Map<String, double[]> found, Map<String, Rectangle2D> drawn,
                                             UnaryOperator<double[]> shown) {
        for (String word : List.of("Quarterly", "maintenance", "compressor", "Warehouse", "inspection")) {
            Rectangle2D on = drawn.get(word);
            double[] box = found.get(word);
            assertThat(box).as(word + " in the text layer, among " + found.keySet()).isNotNull();
            double[] expected = shown.apply(new double[]{on.getMinX() * 72 / DPI, on.getMinY() * 72 / DPI, on.getMaxX() * 72 / DPI,
                    on.getMaxY() * 72 / DPI});
            for (int edge = 0; edge < 4; edge++) {
                assertThat(Math.abs(box[edge] - expected[edge])).as(word + " edge " + edge + ": " + box[edge] + " against " + expected[edge])
                        .isLessThan(2 * MM);
            }
        }
    }

    /**
     * The upright scan twice: stored a quarter turn anticlockwise on a landscape page that /Rotate
     * 90 shows upright, then turned half round on a portrait page with no /Rotate.
     */
    private static byte[] turnedPdf(BufferedImage upright) throws Exception {
        int w = upright.getWidth();
        int h = upright.getHeight();
        BufferedImage sideways = new BufferedImage(h, w, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = sideways.createGraphics();
        g.translate(0, w);
        g.rotate(-Math.PI / 2);
        g.drawImage(upright, 0, 0, null);
        g.dispose();
        BufferedImage upsideDown = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        g = upsideDown.createGraphics();
        g.rotate(Math.PI, w / 2.0, h / 2.0);
        g.drawImage(upright, 0, 0, null);
        g.dispose();
        try (PDDocument doc = new PDDocument()) {
            for (BufferedImage image : List.of(sideways, upsideDown)) {
                PDPage page = new PDPage(new PDRectangle(image.getWidth() * 72f / DPI, image.getHeight() * 72f / DPI));
                page.setRotation(image == sideways ? 90 : 0);
                doc.addPage(page);
                try (PDPageContentStream stream = new PDPageContentStream(doc, page)) {
                    stream.drawImage(LosslessFactory.createFromImage(doc, image), 0, 0, page.getMediaBox().getWidth(),
                            page.getMediaBox().getHeight());
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** The scan, then a born-digital page. */
    private static byte[] mixedPdf(BufferedImage scan, List<String> textPage) throws Exception {
        try (PDDocument doc = new PDDocument()) {
            PDRectangle a4 = new PDRectangle(2480 * 72f / DPI, 3508 * 72f / DPI);
            PDPage first = new PDPage(a4);
            doc.addPage(first);
            try (PDPageContentStream stream = new PDPageContentStream(doc, first)) {
                stream.drawImage(LosslessFactory.createFromImage(doc, scan), 0, 0, a4.getWidth(), a4.getHeight());
            }
            PDPage second = new PDPage(a4);
            doc.addPage(second);
            try (PDPageContentStream stream = new PDPageContentStream(doc, second)) {
                stream.beginText();
                stream.setFont(PDType0Font.load(doc, Fixtures.IPA_GOTHIC), 14);
                stream.setLeading(24);
                stream.newLineAtOffset(60, a4.getHeight() - 80);
                for (String line : textPage) {
                    stream.showText(line);
                    stream.newLine();
                }
                stream.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /**
     * What PDF/A adds whatever the document's size: the XMP metadata and the output intent's
     * colour profile (their streams as stored), read from the copy.
     */
    private static long pdfAFixedPart(Path pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            long metadata = doc.getDocumentCatalog().getMetadata().getCOSObject().getLength();
            long profiles = doc.getDocumentCatalog().getOutputIntents().stream()
                    .mapToLong(intent -> intent.getDestOutputIntent().getLength()).sum();
            assertThat(metadata + profiles).as("a few kilobytes").isLessThan(8_000);
            return metadata + profiles;
        }
    }

    private static byte[] contents(PDPage page) throws Exception {
        try (InputStream in = page.getContents()) {
            return in.readAllBytes();
        }
    }

    private static void assertQpdfPasses(Path pdf) throws Exception {
        Process qpdf = new ProcessBuilder("qpdf", "--check", pdf.toString()).redirectErrorStream(true).start();
        String report = new String(qpdf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(qpdf.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(qpdf.exitValue()).as(report).isZero();
    }

    private static String pdftotext(Path pdf, int page) throws Exception {
        return run("pdftotext", "-f", String.valueOf(page), "-l", String.valueOf(page), pdf.toString(), "-");
    }

    /** Each word pdftotext finds on the page, with its box in points from the top left (xMin, yMin, xMax, yMax). */
    private static Map<String, double[]> boxes(Path pdf, int page) throws Exception {
        String html = run("pdftotext", "-bbox-layout", "-f", String.valueOf(page), "-l", String.valueOf(page), pdf.toString(), "-");
        Matcher word = Pattern.compile("<word xMin=\"([\\d.]+)\" yMin=\"([\\d.]+)\" xMax=\"([\\d.]+)\" yMax=\"([\\d.]+)\">([^<]*)</word>")
                .matcher(html);
        Map<String, double[]> boxes = new LinkedHashMap<>();
        while (word.find()) {
            boxes.putIfAbsent(word.group(5), new double[]{Double.parseDouble(word.group(1)), Double.parseDouble(word.group(2)),
                    Double.parseDouble(word.group(3)), Double.parseDouble(word.group(4))});
        }
        return boxes;
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return out;
    }
}
