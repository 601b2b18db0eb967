package io.docingest.bench;

import io.docingest.document.FileIds;
import io.docingest.extract.PageCodes;
import io.docingest.ocr.OcrSettings;
import io.docingest.ocr.TesseractPool;
import io.docingest.support.RunningDaemon;
import org.apache.camel.builder.NotifyBuilder;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline on dense scans ({@link DensePages}) against the two limits, in one run on the same
 * pages: plain {@code tesseract} processes on every core (model loading included, as a shell
 * loop pays it), and Tess4J in this JVM with one initialised engine per core (the engine's own
 * limit). First one long document, then many short ones arriving at once, whose text is also
 * scored against what was drawn.
 */
final class DenseScans {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private DenseScans() {
    }

    static void measure(Path work, int longPages, int documents, List<String> report) throws Exception {
        List<DensePages.Page> longDocument = DensePages.pages(0, longPages);
        List<Path> longImages = write(work, "long", longDocument);
        report.add(String.format(Locale.ROOT, "dense scans: A4 at 300 dpi, grey JPEG, mean %.0f characters a page",
                longDocument.stream().mapToInt(p -> p.text().replaceAll("\\s", "").length()).average().orElse(0)));

        double cli = longPages / Benchmark.minutes(() -> plainTesseract(longImages, work.resolve("cli-long")));
        // Decoded and the engines loaded before the clock starts: the engine's own limit.
        List<BufferedImage> decoded = decode(longImages);
        // No orientation check here (the pipeline's runs only below a mean confidence of 60).
        TesseractPool engines = new TesseractPool(new OcrSettings(Benchmark.setting("ingest.ocr.tessdata"), "jpn+eng", 1, 3, false, 0), CORES);
        engines.start();
        double engine;
        try {
            engine = longPages / Benchmark.minutes(() -> recognizeAll(engines, decoded));
        } finally {
            engines.stop();
        }
        // What looking for QR codes and barcodes adds to an OCR'd page (detect-codes: scanned, the default).
        double codeMinutes = Benchmark.minutes(() -> Benchmark.onEveryCore(decoded.stream()
                .<Callable<Object>>map(page -> () -> PageCodes.read(page)).toList()));
        report.add(String.format(Locale.ROOT, "dense, codes (ZXing) on the same decoded pages, %d at once: %.0f ms a page of wall time, "
                + "%.1f%% of Tess4J's", CORES, codeMinutes * 60_000 / longPages, 100 * codeMinutes / (longPages / engine)));
        decoded.clear();
        Properties settings = new Properties();
        settings.setProperty("ingest.pages.parallelism", String.valueOf(CORES));
        settings.setProperty("ingest.sqs.wait-time-seconds", "20");
        try (RunningDaemon daemon = new RunningDaemon("bench-dense", settings)) {
            // A running worker: one untimed document first, as a daemon that has worked a while has
            // its extractor processes' code compiled and its indices created (about 10 s, once).
            daemon.putObject("files/dense/warm.pdf", DensePages.pdf(DensePages.pages(50_000, 2)));
            Benchmark.ingest(daemon, "files/dense/warm.pdf");
            daemon.putObject("files/dense/long.pdf", DensePages.pdf(longDocument));
            double pipeline = longPages / Benchmark.minutes(() -> ingestAll(daemon, List.of("files/dense/long.pdf")));
            report.add(Benchmark.line("dense, " + longPages + "-page document: plain tesseract, %d processes", CORES, cli));
            report.add(Benchmark.line("dense, " + longPages + "-page document: Tess4J in-process, %d engines", CORES, engine));
            report.add(Benchmark.line("dense, " + longPages + "-page document: pipeline, %d page workers, SQS to indexed", CORES, pipeline));
            report.add(String.format(Locale.ROOT, "dense, %d-page document: pipeline / plain tesseract %.2f; pipeline / Tess4J in-process %.2f",
                    longPages, pipeline / cli, pipeline / engine));
            report.add(pageTimes(daemon, List.of("files/dense/long.pdf"), longPages, pipeline, cli));

            // Many short documents at once, 1 to 6 pages each, as a scanner's batch lands.
            Random sizes = new Random(6);
            List<List<DensePages.Page>> batch = new ArrayList<>();
            int first = 10_000;
            for (int d = 0; d < documents; d++) {
                int pages = 1 + sizes.nextInt(6);
                batch.add(DensePages.pages(first, pages));
                first += pages;
            }
            List<Path> batchImages = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (int d = 0; d < documents; d++) {
                batchImages.addAll(write(work, "doc" + d, batch.get(d)));
                keys.add("files/dense/batch-" + d + ".pdf");
                daemon.putObject(keys.get(d), DensePages.pdf(batch.get(d)));
            }
            int batchPages = batchImages.size();
            Path cliText = work.resolve("cli-batch");
            double cliBatch = batchPages / Benchmark.minutes(() -> plainTesseract(batchImages, cliText));
            double pipelineBatch = batchPages / Benchmark.minutes(() -> ingestAll(daemon, keys));
            report.add(Benchmark.line("dense, " + documents + " documents (" + batchPages + " pages) at once: plain tesseract, %d processes",
                    CORES, cliBatch));
            report.add(Benchmark.line("dense, " + documents + " documents at once: pipeline, first event to last indexed, %d page workers",
                    CORES, pipelineBatch));
            report.add(String.format(Locale.ROOT, "dense, %d documents at once: pipeline / plain tesseract %.2f", documents, pipelineBatch / cliBatch));
            report.add(pageTimes(daemon, keys, batchPages, pipelineBatch, cliBatch));

            // The same pages' text against what was drawn, document by document.
            double cliErrors = 0;
            double pipelineErrors = 0;
            int page = 0;
            for (int d = 0; d < documents; d++) {
                StringBuilder truth = new StringBuilder();
                StringBuilder read = new StringBuilder();
                for (DensePages.Page drawn : batch.get(d)) {
                    truth.append(drawn.text());
                    read.append(Files.readString(cliText.resolve(page++ + ".txt"), StandardCharsets.UTF_8));
                }
                String indexed = daemon.get("files", FileIds.fileId(keys.get(d))).path("_source").path("content").asText();
                cliErrors += TextAccuracy.characterErrorRate(truth.toString(), read.toString());
                pipelineErrors += TextAccuracy.characterErrorRate(truth.toString(), indexed);
            }
            report.add(String.format(Locale.ROOT, "dense, character error rate (mean of %d documents): plain tesseract %.4f, pipeline %.4f, "
                    + "difference %.4f", documents, cliErrors / documents, pipelineErrors / documents, Math.abs(cliErrors - pipelineErrors) / documents));
        }
    }

    /**
     * Where the pipeline's time went: each page's own time in its extractor process (decoding,
     * OCR, codes) against a core's time a page for plain tesseract, and how much of the page
     * workers' time was spent reading pages. A slower page says the work grew (or the machine
     * slowed); idle workers say the pages were not handed out fast enough.
     */
    private static String pageTimes(RunningDaemon daemon, List<String> keys, int pages, double pipelinePerMinute,
                                     double cliPerMinute) throws Exception {
        long millis = 0;
        for (String key : keys) {
            millis += Benchmark.pageMillis(daemon.get("files", FileIds.fileId(key)).path("_source"));
        }
        double pipelineWorkerSeconds = pages / pipelinePerMinute * 60 * CORES;
        return String.format(Locale.ROOT, "  a page's own time in the extractors %.2f s, plain tesseract %.2f s a page of a core; "
                        + "page workers busy reading %.0f%%", millis / 1000.0 / pages, 60.0 * CORES / cliPerMinute,
                100 * millis / 1000.0 / pipelineWorkerSeconds);
    }

    private static List<Path> write(Path work, String name, List<DensePages.Page> pages) throws Exception {
        List<Path> images = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            Path jpeg = work.resolve(name + "-" + i + ".jpg");
            Files.write(jpeg, pages.get(i).jpeg());
            images.add(jpeg);
        }
        return images;
    }

    /** One {@code tesseract} process per core at a time, as a shell loop over the pages would run; page i's text in {@code out/i.txt}. */
    private static void plainTesseract(List<Path> images, Path out) throws Exception {
        Files.createDirectories(out);
        List<Callable<Object>> runs = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            List<String> command = List.of("tesseract", images.get(i).toString(), out.resolve(String.valueOf(i)).toString(),
                    "-l", "jpn+eng", "--psm", "1", "--oem", "3", "--dpi", "300");
            runs.add(() -> Benchmark.run(command));
        }
        Benchmark.onEveryCore(runs);
    }

    private static List<BufferedImage> decode(List<Path> images) throws Exception {
        List<BufferedImage> decoded = new ArrayList<>();
        for (Path image : images) {
            BufferedImage read = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(image)));
            BufferedImage grey = new BufferedImage(read.getWidth(), read.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
            grey.getGraphics().drawImage(read, 0, 0, null);
            decoded.add(grey);
        }
        return decoded;
    }

    /** Tess4J through the pipeline's own engine pool, one engine per core, one page per engine at a time. */
    private static void recognizeAll(TesseractPool engines, List<BufferedImage> pages) throws Exception {
        Benchmark.onEveryCore(pages.stream().<Callable<Object>>map(page -> () -> engines.recognize(page, 300, 600_000, "jpn+eng")).toList());
    }

    /** Every key's event sent at once; returns when the last is done. */
    private static void ingestAll(RunningDaemon daemon, List<String> keys) {
        NotifyBuilder done = daemon.messagesDone(keys.size());
        keys.forEach(key -> daemon.send(daemon.transformedEvent(key)));
        if (!done.matches(2, TimeUnit.HOURS)) {
            throw new IllegalStateException("documents not done: " + keys);
        }
    }
}
