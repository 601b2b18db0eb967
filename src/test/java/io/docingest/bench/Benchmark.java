package io.docingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.document.FileIds;
import io.docingest.extract.SearchablePdfMemoryProbe;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import io.docingest.support.VeraPdf;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

import static org.awaitility.Awaitility.await;

/**
 * One run, every figure of BENCHMARKS.md, on pages it makes itself and on real manuals Debian
 * ships: dense scans against plain Tesseract and in-process Tess4J (one long document, then many
 * short ones at once, with their character error rates); the sparse pages of earlier runs (a
 * friendly fixture) against plain Tesseract and OCRmyPDF; real born-digital documents against
 * pdftotext, and end to end in local mode; embedding a thousand-chunk document with Bedrock
 * answering in 100 ms; where a one-page document's time goes, stage by stage; and peak memory
 * for 10, 100 and 1,000 distinct scanned pages under -Xmx512m, and of the searchable PDF writer
 * alone. Run it with {@code bench/run}
 * (README of BENCHMARKS.md for the sections).
 */
public final class Benchmark {

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final String LANGUAGES = "jpn+eng";
    static final ObjectMapper JSON = new ObjectMapper();

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        String section = args.length > 0 ? args[0] : "all";
        Path work = Files.createTempDirectory("doc-ingest-bench");
        List<String> report = new ArrayList<>();
        report.add(String.format(Locale.ROOT, "machine: %d cores, %d MiB RAM; java %s; %s; %s UTC", CORES,
                ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize() >> 20, System.getProperty("java.version"), tesseractVersion(),
                java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).withNano(0)));
        int exit = 0;
        try {
            switch (section) {
                case "all" -> {
                    DenseScans.measure(work, 100, 20, report);
                    sparse(work, 24, report);
                    RealManuals.measure(work, report);
                    embedding(report);
                    overhead(report);
                    searchable(20, report);
                    memory(report);
                }
                case "dense" -> DenseScans.measure(work, args.length > 1 ? Integer.parseInt(args[1]) : 100, args.length > 2 ? Integer.parseInt(args[2]) : 20, report);
                case "sparse" -> sparse(work, args.length > 1 ? Integer.parseInt(args[1]) : 24, report);
                case "manuals" -> RealManuals.measure(work, report);
                case "embedding" -> embedding(report);
                case "overhead" -> overhead(report);
                case "searchable" -> searchable(args.length > 1 ? Integer.parseInt(args[1]) : 20, report);
                case "memory" -> memory(report);
                case "writer-memory" -> writerMemory(report);
                case "isolation" -> isolation(args.length > 1 ? Integer.parseInt(args[1]) : 24, args.length > 2 ? Integer.parseInt(args[2]) : 4, report);
                default -> throw new IllegalArgumentException("sections: all, dense [pages [documents]], sparse [pages], manuals, embedding, "
                        + "overhead, memory, writer-memory, isolation [pages [rounds]]");
            }
        } catch (Exception e) {
            e.printStackTrace();
            report.add("FAILED: " + e);
            exit = 1;
        } finally {
            // what was measured before a failure is still printed
            report.forEach(System.out::println);
            Files.write(Path.of("target", "bench-results.txt"), report);
        }
        // the servers' own threads would keep the JVM alive; their shutdown hook closes them
        System.exit(exit);
    }

    /** The sparse pages of the first benchmark (eight short lines on an A5 page): a friendly fixture, kept for comparison. */
    private static void sparse(Path work, int ocrPages, List<String> report) throws Exception {
        List<List<String>> pages = Corpus.scannedPages(ocrPages);
        List<Path> pngs = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            Path png = work.resolve("page-" + i + ".png");
            ImageIO.write(Fixtures.render(pages.get(i)), "png", png.toFile());
            pngs.add(png);
        }
        Path scan = work.resolve("scan.pdf");
        Files.write(scan, Fixtures.scannedPdf(pages));

        double tesseract = ocrPages / minutes(() -> plainTesseract(pngs));
        report.add(line("sparse (friendly fixture), " + ocrPages + " pages: plain tesseract, %d processes", CORES, tesseract));
        Double ocrmypdf = null;
        if (onPath("ocrmypdf")) {
            ocrmypdf = ocrPages / minutes(() -> run(List.of("ocrmypdf", "-l", LANGUAGES, "--jobs", String.valueOf(CORES),
                    "--force-ocr", "--tesseract-pagesegmode", "1", "--tesseract-oem", "3", "--optimize", "0",
                    scan.toString(), work.resolve("ocrmypdf-out.pdf").toString())));
            report.add(line("sparse: ocrmypdf --jobs %d", CORES, ocrmypdf));
        } else {
            report.add("sparse: ocrmypdf not installed, skipped (apt-get install ocrmypdf)");
        }
        Properties props = new Properties();
        props.setProperty("ingest.pages.parallelism", String.valueOf(CORES));
        props.setProperty("ingest.sqs.wait-time-seconds", "20");
        try (RunningDaemon daemon = new RunningDaemon("bench", props)) {
            daemon.putObject("files/bench/scan.pdf", Files.readAllBytes(scan));
            double pipeline = ocrPages / minutes(() -> ingest(daemon, "files/bench/scan.pdf"));
            report.add(line("sparse: pipeline, %d page workers, SQS to indexed", CORES, pipeline));
            report.add(String.format(Locale.ROOT, "sparse: pipeline / plain tesseract %.2f%s", pipeline / tesseract,
                    ocrmypdf == null ? "" : String.format(Locale.ROOT, "; ocrmypdf / plain tesseract %.2f", ocrmypdf / tesseract)));
        }
    }

    /** A document of about a thousand chunks, Bedrock (the stand-in) answering each request after 100 ms. */
    private static void embedding(List<String> report) throws Exception {
        Properties props = new Properties();
        props.setProperty("ingest.sqs.wait-time-seconds", "20");
        try (RunningDaemon daemon = new RunningDaemon("bench-embed", props)) {
            AtomicLong embedNanos = stageTime(daemon, "direct://embed");
            daemon.putObject("files/bench/thousand-chunks.pdf", Corpus.denseBornDigital(136));
            daemon.servers.bedrock.answerAfter(100);
            daemon.servers.bedrock.resetMostAtOnce();
            try {
                ingest(daemon, "files/bench/thousand-chunks.pdf");
            } finally {
                daemon.servers.bedrock.answerAfter(0);
            }
            int chunks = daemon.get("files", FileIds.fileId("files/bench/thousand-chunks.pdf")).path("_source").path("chunk_count").asInt();
            report.add(String.format(Locale.ROOT, "embedding %d chunks, Bedrock answering after 100 ms, ingest.embedding.concurrency %s: "
                    + "%.1f s (%d requests at most at once)", chunks, daemon.camel().resolvePropertyPlaceholders("{{ingest.embedding.concurrency}}"),
                    embedNanos.get() / 1e9, daemon.servers.bedrock.mostAtOnce()));
        }
    }

    /** Ten one-page text PDFs one after another, each timed stage by stage from its SQS send to done. */
    private static void overhead(List<String> report) throws Exception {
        Properties props = new Properties();
        props.setProperty("ingest.sqs.wait-time-seconds", "20");
        try (RunningDaemon daemon = new RunningDaemon("bench-overhead", props)) {
            StageClock clock = new StageClock();
            daemon.camel().getManagementStrategy().addEventNotifier(clock);
            daemon.putObject("files/bench/warm.pdf", Fixtures.bornDigitalPdf(List.of(List.of("warm up", "暖機"))));
            ingest(daemon, "files/bench/warm.pdf");
            for (int i = 0; i < 10; i++) {
                String key = "files/bench/one-page-" + i + ".pdf";
                daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("one page " + i, "一頁の文書"))));
                clock.sending();
                ingest(daemon, key);
                clock.done();
            }
            report.addAll(clock.report("per-document overhead, one-page text PDF"));
        }
    }

    /**
     * What a searchable PDF adds to a dense scanned document, end to end: the same pages as two
     * documents, one under the default type and one under a type with output: searchable-pdf
     * (word boxes from OCR, the copy written in an extractor process, stored and checked); then
     * the same two in a daemon with ingest.output.pdf-a, the copy as PDF/A-2b (checked by veraPDF
     * before it is stored, and here again). Each pair in one daemon, its extractors equally warm.
     */
    private static void searchable(int pages, List<String> report) throws Exception {
        byte[] scan = DensePages.pdf(DensePages.pages(60_000, pages));
        for (boolean pdfA : new boolean[]{false, true}) {
            String name = pdfA ? "bench-searchable-pdfa" : "bench-searchable";
            try (RunningDaemon daemon = searchableDaemon(name, pdfA)) {
                daemon.putObject("files/searchable/plain-" + name + ".pdf", scan);
                double plain = minutes(() -> ingest(daemon, "files/searchable/plain-" + name + ".pdf"));
                report.add(searchableFigure(daemon, "with-" + name, scan, pages, plain));
            }
        }
    }

    private static RunningDaemon searchableDaemon(String name, boolean pdfA) throws Exception {
        Properties props = new Properties();
        props.setProperty("ingest.processor-types.searchable.output", "searchable-pdf");
        props.setProperty("ingest.output.pdf-a", String.valueOf(pdfA));
        props.setProperty("ingest.pages.parallelism", String.valueOf(CORES));
        props.setProperty("ingest.sqs.wait-time-seconds", "20");
        RunningDaemon daemon = new RunningDaemon(name, props);
        // One untimed document with its copy first, as a daemon that has worked a while has its
        // extractor processes' code compiled, the writer's and veraPDF's included.
        String warm = "files/searchable/warm-" + name + ".pdf";
        putSearchable(warm, DensePages.pdf(DensePages.pages(50_000, 2)));
        ingest(daemon, warm);
        return daemon;
    }

    /** Puts {@code pdf} at {@code key} in the landing bucket under the processor type that writes a searchable copy. */
    private static void putSearchable(String key, byte[] pdf) throws Exception {
        LocalServers.get().s3.putObject(p -> p.bucket(LocalServers.LANDING).key(key).metadata(java.util.Map.of("processor-type", "searchable")),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(pdf));
    }

    /** The scan indexed under the searchable type, against {@code plain} minutes without it. */
    private static String searchableFigure(RunningDaemon daemon, String name, byte[] scan, int pages, double plain) throws Exception {
        String key = "files/searchable/" + name + ".pdf";
        putSearchable(key, scan);
        AtomicLong outputs = stageTime(daemon, "direct://write-outputs");
        double with = minutes(() -> ingest(daemon, key));
        Path copy = Files.createTempFile("bench-searchable", ".pdf");
        try {
            Files.write(copy, LocalServers.get().s3.getObjectAsBytes(g -> g.bucket(LocalServers.OUTPUT).key("out/" + key + ".pdf")).asByteArray());
            return String.format(Locale.ROOT, "searchable PDF%s, dense %d-page scan (%d bytes): %.0f ms a page without, %.0f ms a page with "
                            + "(+%.1f%%); the output step itself %.0f ms a page; output %d bytes; veraPDF: %s",
                    name.endsWith("pdfa") ? " as PDF/A-2b" : "", pages, scan.length, plain * 60_000 / pages, with * 60_000 / pages,
                    100 * (with - plain) / plain, outputs.get() / 1e6 / pages, Files.size(copy),
                    VeraPdf.isPdfA2b(copy) ? "PDF/A-2b" : "not PDF/A-2b");
        } finally {
            Files.delete(copy);
        }
    }

    /** Peak memory of one scanned document of 10, 100 and 1,000 distinct pages, in a daemon JVM of its own under -Xmx512m. */
    private static void memory(List<String> report) throws Exception {
        LocalServers servers = LocalServers.get();
        for (int scanPages : new int[]{10, 100, 1000}) {
            String key = "files/bench/memory-" + scanPages + ".pdf";
            servers.s3.putObject(p -> p.bucket(LocalServers.LANDING).key(key),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(Corpus.distinctSparseScan(scanPages)));
            // a queue of its own: no other daemon may take the probe's message
            report.add(MemoryProbe.measure(servers, servers.createQueues("bench-memory-" + scanPages, 3), "bench", key, scanPages));
        }
        report.add(liveHeapRatio("scanned", report));
        writerMemory(report);
    }

    /**
     * The searchable PDF writer alone, as an extractor process runs it, on 100 and 1,000 distinct
     * scanned pages with a dense page's word boxes each, in a JVM of its own under -Xmx256m.
     */
    private static void writerMemory(List<String> report) throws Exception {
        Path work = Files.createTempDirectory("doc-ingest-writer");
        for (int pages : new int[]{100, 1000}) {
            Path scan = Files.write(work.resolve("scan-" + pages + ".pdf"), Corpus.distinctSparseScan(pages));
            Path words = Files.createDirectories(work.resolve("words-" + pages));
            SearchablePdfMemoryProbe.writeWordBoxes(words, pages);
            String result = MemoryProbe.run(List.of("-Xmx256m", "-XX:+UseSerialGC"), SearchablePdfMemoryProbe.class,
                    List.of(scan.toString(), String.valueOf(pages), words.toString(), work.resolve("copy-" + pages + ".pdf").toString(),
                            setting("ingest.output.font")), Path.of("target", "bench-writer-memory-" + pages + ".log"));
            report.add("searchable PDF writer, " + pages + " pages, " + result);
        }
        report.add(liveHeapRatio("searchable PDF writer", report));
    }

    /** The last two report lines' peak live heaps (100 pages, then 1,000), as a ratio. */
    private static String liveHeapRatio(String what, List<String> report) {
        double hundred = liveHeapMiB(report.get(report.size() - 2));
        double thousand = liveHeapMiB(report.get(report.size() - 1));
        return String.format(Locale.ROOT, "%s: peak live heap, 1,000 pages / 100 pages %.2f", what, thousand / hundred);
    }

    private static double liveHeapMiB(String memoryLine) {
        Matcher live = Pattern.compile("peak live heap after GC ([0-9.]+) MiB").matcher(memoryLine);
        return live.find() ? Double.parseDouble(live.group(1)) : Double.NaN;
    }

    /** The time spent in {@code endpoint} (a stage's direct: URI), summed over every exchange sent there. */
    static AtomicLong stageTime(RunningDaemon daemon, String endpoint) {
        AtomicLong nanos = new AtomicLong();
        daemon.camel().getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().startsWith(endpoint)) {
                    nanos.addAndGet(sent.getTimeTaken() * 1_000_000);
                }
            }
        });
        return nanos;
    }

    /** A value of the shipped configuration (config/application.yaml). */
    static String setting(String key) {
        return io.docingest.config.YamlConfig.load(Path.of("config"), "test").getProperty(key);
    }

    private static String tesseractVersion() {
        try {
            Process version = new ProcessBuilder("tesseract", "--version").redirectErrorStream(true).start();
            String first = new String(version.getInputStream().readAllBytes()).lines().findFirst().orElse("tesseract ?");
            version.waitFor();
            return first;
        } catch (java.io.IOException | InterruptedException e) {
            return "tesseract not found";
        }
    }

    /**
     * What reading pages in extractor processes costs: two daemons in this JVM, one reading pages
     * in its own JVM (ingest.extract.isolation: none), one in extractor processes, given the same
     * scan in turns (ABBA, so a drift in the machine's speed falls on both alike), {@code rounds}
     * each. Runs of the same code vary by more than the difference sought; alternating in one
     * run is what makes the two comparable.
     */
    private static void isolation(int ocrPages, int rounds, List<String> report) throws Exception {
        byte[] scan = Fixtures.scannedPdf(Corpus.scannedPages(ocrPages));
        Properties settings = new Properties();
        settings.setProperty("ingest.pages.parallelism", String.valueOf(CORES));
        settings.setProperty("ingest.pages.batch-size", "1");
        settings.setProperty("ingest.sqs.wait-time-seconds", "20");
        Properties inProcess = new Properties();
        inProcess.putAll(settings);
        inProcess.setProperty("ingest.extract.isolation", "none");
        Properties forked = new Properties();
        forked.putAll(settings);
        forked.setProperty("ingest.extract.isolation", "processes");
        try (RunningDaemon none = new RunningDaemon("bench-in-process", inProcess);
             RunningDaemon processes = new RunningDaemon("bench-processes", forked)) {
            // one untimed document each first: JIT, font and model caches warm on both sides
            ingest(none, put(none, "files/bench/warm.pdf", scan));
            ingest(processes, put(processes, "files/bench/warm.pdf", scan));
            List<Double> inProcessRates = new ArrayList<>();
            List<Double> processRates = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                boolean inProcessFirst = round % 2 == 0;
                for (RunningDaemon daemon : inProcessFirst ? List.of(none, processes) : List.of(processes, none)) {
                    String key = put(daemon, "files/bench/round-" + round + ".pdf", scan);
                    double rate = ocrPages / minutes(() -> ingest(daemon, key));
                    (daemon == none ? inProcessRates : processRates).add(rate);
                    report.add(line("round " + (round + 1) + ", " + (daemon == none ? "in the daemon's JVM" : "in extractor processes")
                            + ", %d page workers", CORES, rate));
                }
            }
            double a = inProcessRates.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double b = processRates.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            report.add(line("mean, in the daemon's JVM (isolation: none), %d page workers", CORES, a));
            report.add(line("mean, in extractor processes (isolation: processes), %d page workers", CORES, b));
            report.add(String.format(Locale.ROOT, "extractor processes / in the daemon's JVM: %.3f (%d pages, %d rounds each)",
                    b / a, ocrPages, rounds));
        }
    }

    private static String put(RunningDaemon daemon, String key, byte[] content) {
        daemon.putObject(key, content);
        return key;
    }

    interface Timed {
        void run() throws Exception;
    }

    /** A file document's pages' own time in the extractor processes, summed (the {@code millis} each page records). */
    static long pageMillis(JsonNode fileSource) {
        long millis = 0;
        for (var page : fileSource.path("pages")) {
            millis += page.path("millis").asLong();
        }
        return millis;
    }

    static double minutes(Timed work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 6e10;
    }

    static String line(String what, int cores, double pagesPerMinute) {
        return String.format(Locale.ROOT, "%-60s %7.1f pages/min", String.format(what, cores), pagesPerMinute);
    }

    /**
     * Until the benchmark's OpenSearch node (in this JVM, on the cores being measured) has
     * refreshed, flushed and merged what was indexed: no merge running for a second.
     */
    static void awaitIndexIdle(RunningDaemon daemon) throws Exception {
        daemon.servers.openSearch("POST", "/_refresh", null);
        daemon.servers.openSearch("POST", "/_flush", null);
        await().atMost(5, TimeUnit.MINUTES).during(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    var stats = JSON.readTree(daemon.servers.openSearch("GET", "/_nodes/stats/indices/merges", null)).path("nodes");
                    int running = 0;
                    for (var node : stats) {
                        running += node.path("indices").path("merges").path("current").asInt();
                    }
                    return running == 0;
                });
    }

    static void ingest(RunningDaemon daemon, String key) {
        NotifyBuilder done = daemon.messagesDone(1);
        daemon.send(daemon.transformedEvent(key));
        if (!done.matches(60, TimeUnit.MINUTES)) {
            throw new IllegalStateException(key + " not done");
        }
    }

    private static void plainTesseract(List<Path> pngs) throws Exception {
        onEveryCore(pngs.stream().<Callable<Object>>map(png -> () -> run(List.of("tesseract", png.toString(), "stdout", "-l", LANGUAGES,
                "--psm", "1", "--oem", "3", "--dpi", "300"))).toList());
    }

    /** The tasks on one thread per core, a task per thread at a time; returns when all are done, throws the first failure. */
    static void onEveryCore(List<Callable<Object>> tasks) throws Exception {
        ExecutorService cores = Executors.newFixedThreadPool(CORES);
        try {
            for (Future<?> task : cores.invokeAll(tasks)) {
                task.get();
            }
        } finally {
            cores.shutdown();
        }
    }

    static Void run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + exit);
        }
        return null;
    }

    static boolean onPath(String program) {
        return Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
