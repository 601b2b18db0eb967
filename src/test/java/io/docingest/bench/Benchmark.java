package io.docingest.bench;

import io.docingest.document.FileIds;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

/**
 * One run, every figure of BENCHMARKS.md: OCR throughput of plain Tesseract (one process per core,
 * the machine's limit), OCRmyPDF (when installed) and this pipeline on the same pages; peak memory
 * for 10, 100 and 1,000-page scans under -Xmx512m; born-digital pages per second; and the
 * per-document overhead from SQS receive to indexed. Run it with {@code bench/run}.
 */
public final class Benchmark {

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final String LANGUAGES = "jpn+eng";

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        int ocrPages = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        if (args.length > 1 && args[1].equals("memory")) {
            memoryOnly();
            return;
        }
        if (args.length > 1 && args[1].equals("isolation")) {
            isolationOnly(ocrPages, args.length > 2 ? Integer.parseInt(args[2]) : 4);
            return;
        }
        boolean ocrOnly = args.length > 1 && args[1].equals("ocr");
        Path work = Files.createTempDirectory("doc-ingest-bench");
        List<String> report = new ArrayList<>();
        report.add(String.format(Locale.ROOT, "machine: %d cores, %d MiB RAM; java %s", CORES,
                ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize() >> 20, System.getProperty("java.version")));

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
        report.add(line("plain tesseract, %d processes (the limit)", CORES, tesseract));
        Double ocrmypdf = null;
        if (onPath("ocrmypdf")) {
            ocrmypdf = ocrPages / minutes(() -> run(List.of("ocrmypdf", "-l", LANGUAGES, "--jobs", String.valueOf(CORES),
                    "--force-ocr", "--tesseract-pagesegmode", "1", "--tesseract-oem", "3", "--optimize", "0",
                    scan.toString(), work.resolve("ocrmypdf-out.pdf").toString())));
            report.add(line("ocrmypdf --jobs %d", CORES, ocrmypdf));
        } else {
            report.add("ocrmypdf: not installed, skipped");
        }

        LocalServers servers = LocalServers.get();
        Properties props = new Properties();
        props.setProperty("ingest.pages.parallelism", String.valueOf(CORES));
        props.setProperty("ingest.pages.batch-size", "1");
        props.setProperty("ingest.sqs.wait-time-seconds", "20");
        try (RunningDaemon daemon = new RunningDaemon("bench", props)) {
            AtomicLong extractNanos = new AtomicLong();
            daemon.camel().getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) {
                    if (event instanceof CamelEvent.ExchangeSentEvent sent
                            && sent.getEndpoint().getEndpointUri().startsWith("direct://extract-text")) {
                        extractNanos.addAndGet(sent.getTimeTaken() * 1_000_000);
                    }
                }
            });

            daemon.putObject("files/bench/scan.pdf", Files.readAllBytes(scan));
            double pipeline = ocrPages / minutes(() -> ingest(daemon, "files/bench/scan.pdf"));
            report.add(line("this pipeline, %d page workers, SQS to indexed", CORES, pipeline));
            report.add(String.format(Locale.ROOT, "ratio pipeline / plain tesseract: %.2f%s", pipeline / tesseract,
                    ocrmypdf == null ? "" : String.format(Locale.ROOT, "; ocrmypdf / plain tesseract: %.2f", ocrmypdf / tesseract)));
            if (ocrOnly) {
                report.forEach(System.out::println);
                Files.write(Path.of("target", "bench-results.txt"), report);
                System.exit(0);
            }

            int bornPages = 1000;
            daemon.putObject("files/bench/born-digital.pdf", Corpus.bornDigital(bornPages));
            extractNanos.set(0);
            double total = minutes(() -> ingest(daemon, "files/bench/born-digital.pdf")) * 60;
            double extract = extractNanos.get() / 1e9;
            int ocrCalls = daemon.get("files", FileIds.fileId("files/bench/born-digital.pdf")).path("_source").path("pages_ocr").asInt(-1);
            report.add(String.format(Locale.ROOT, "born-digital %d pages: text extraction %.1f s = %.0f pages/s, OCR calls %d; "
                    + "with thumbnail, embedding and indexing %.1f s", bornPages, extract, bornPages / extract, ocrCalls, total));

            daemon.putObject("files/bench/one-page.pdf", Fixtures.bornDigitalPdf(List.of(List.of("one page", "一頁の文書"))));
            List<Double> overheads = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String key = "files/bench/one-page-" + i + ".pdf";
                daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("one page " + i, "一頁の文書"))));
                overheads.add(minutes(() -> ingest(daemon, key)) * 60_000);
            }
            overheads.sort(null);
            report.add(String.format(Locale.ROOT, "per-document overhead, one-page text PDF, SQS receive to indexed: median %.0f ms, "
                    + "max %.0f ms (10 documents)", overheads.get(5), overheads.get(9)));

            for (int scanPages : new int[]{10, 100, 1000}) {
                String key = "files/bench/memory-" + scanPages + ".pdf";
                daemon.putObject(key, Corpus.sparseScan(scanPages));
                // a queue of its own: the benchmark's daemon must not take the probe's message
                report.add(MemoryProbe.measure(servers, servers.createQueues("bench-memory-" + scanPages, 3), "bench", key, scanPages));
            }
        }
        report.forEach(System.out::println);
        Files.write(Path.of("target", "bench-results.txt"), report);
        // the servers' own threads would keep the JVM alive; their shutdown hook closes them
        System.exit(0);
    }

    /**
     * What reading pages in extractor processes costs: two daemons in this JVM, one reading pages
     * in its own JVM (ingest.extract.isolation: none), one in extractor processes, given the same
     * scan in turns (ABBA, so a drift in the machine's speed falls on both alike), {@code rounds}
     * each. Runs of the same code vary by more than the difference sought; alternating in one
     * run is what makes the two comparable.
     */
    private static void isolationOnly(int ocrPages, int rounds) throws Exception {
        byte[] scan = Fixtures.scannedPdf(Corpus.scannedPages(ocrPages));
        List<String> report = new ArrayList<>();
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
        report.forEach(System.out::println);
        Files.write(Path.of("target", "bench-results.txt"), report);
        System.exit(0);
    }

    private static String put(RunningDaemon daemon, String key, byte[] content) {
        daemon.putObject(key, content);
        return key;
    }

    private static void memoryOnly() throws Exception {
        LocalServers servers = LocalServers.get();
        List<String> report = new ArrayList<>();
        for (int scanPages : new int[]{10, 100, 1000}) {
            String key = "files/bench/memory-" + scanPages + ".pdf";
            servers.s3.putObject(p -> p.bucket(LocalServers.LANDING).key(key),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(Corpus.sparseScan(scanPages)));
            report.add(MemoryProbe.measure(servers, servers.createQueues("bench-memory-" + scanPages, 3), "bench", key, scanPages));
        }
        report.forEach(System.out::println);
        System.exit(0);
    }

    private interface Timed {
        void run() throws Exception;
    }

    private static double minutes(Timed work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 6e10;
    }

    private static String line(String what, int cores, double pagesPerMinute) {
        return String.format(Locale.ROOT, "%-60s %7.1f pages/min", String.format(what, cores), pagesPerMinute);
    }

    private static void ingest(RunningDaemon daemon, String key) {
        NotifyBuilder done = daemon.messagesDone(1);
        daemon.send(daemon.transformedEvent(key));
        if (!done.matches(60, TimeUnit.MINUTES)) {
            throw new IllegalStateException(key + " not done");
        }
    }

    private static void plainTesseract(List<Path> pngs) throws Exception {
        ExecutorService cores = Executors.newFixedThreadPool(CORES);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (Path png : pngs) {
                runs.add(cores.submit(() -> run(List.of("tesseract", png.toString(), "stdout", "-l", LANGUAGES,
                        "--psm", "1", "--oem", "3", "--dpi", "300"))));
            }
            for (Future<?> run : runs) {
                run.get();
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

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
