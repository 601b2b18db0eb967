package io.docingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.docingest.document.FileIds;
import io.docingest.local.LocalMiniLmEmbedder;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Real born-digital documents: LaTeX manuals that Debian ships as PDFs (package
 * texlive-latex-recommended-doc), over 1,000 pages of text, code listings, tables and figures.
 * Text extraction against poppler's {@code pdftotext} on the same files with every core busy; OCR
 * calls (there should be none: every page has a text layer or nothing to read); then the same files
 * end to end in local mode (the daemon's LocalMain in a process of its own: folder source,
 * thumbnail, in-process embeddings, the embedded OpenSearch).
 */
final class RealManuals {

    static final String PACKAGE = "texlive-latex-recommended-doc";
    static final List<Path> FILES = List.of(
            Path.of("/usr/share/doc/texlive-doc/latex/memoir/memman.pdf"),
            Path.of("/usr/share/doc/texlive-doc/latex/beamer/beameruserguide.pdf"),
            Path.of("/usr/share/doc/texlive-doc/latex/microtype/microtype-code.pdf"));
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private RealManuals() {
    }

    static void measure(Path work, List<String> report) throws Exception {
        if (!FILES.stream().allMatch(Files::isRegularFile) || !Benchmark.onPath("pdftotext")) {
            report.add("real documents: skipped; install them with: apt-get install " + PACKAGE + " poppler-utils");
            return;
        }
        int[] pages = new int[FILES.size()];
        for (int i = 0; i < FILES.size(); i++) {
            try (PDDocument doc = Loader.loadPDF(FILES.get(i).toFile())) {
                pages[i] = doc.getNumberOfPages();
            }
        }
        int total = java.util.Arrays.stream(pages).sum();
        report.add("real documents (" + PACKAGE + "): " + String.join(", ", FILES.stream().map(f -> f.getFileName().toString()).toList())
                + ", " + total + " pages");

        double poppler = Benchmark.minutes(() -> pdftotext(work, pages)) * 60;
        Properties settings = new Properties();
        settings.setProperty("ingest.pages.parallelism", String.valueOf(CORES));
        settings.setProperty("ingest.sqs.wait-time-seconds", "20");
        try (RunningDaemon daemon = new RunningDaemon("bench-manuals", settings)) {
            AtomicLong extractNanos = Benchmark.stageTime(daemon, "direct://extract-text");
            // Six times: a fresh daemon's extractor processes first compile PDFBox's code (the
            // cold figure, about 17 s of compiler time a process); each pass after reads the same
            // pages in processes that have compiled more of it, as a daemon that has worked a while.
            // Each file is extracted with the benchmark's OpenSearch node idle: it runs on these
            // cores, and its merges of the last file's vectors took a quarter of them, where
            // production's OpenSearch runs on machines of its own. The last pass goes back to back.
            for (String pass : List.of("1st", "2nd", "3rd", "4th", "5th", "6th", "7th (back to back)")) {
                boolean quiet = !pass.contains("back to back");
                extractNanos.set(0);
                int ocr = 0;
                int blank = 0;
                long pageMillis = 0;
                for (Path file : FILES) {
                    String key = "files/manuals/" + pass.substring(0, 3) + "/" + file.getFileName();
                    if (quiet) {
                        Benchmark.awaitIndexIdle(daemon);
                    }
                    daemon.putObject(key, Files.readAllBytes(file));
                    Benchmark.ingest(daemon, key);
                    var source = daemon.get("files", FileIds.fileId(key)).path("_source");
                    ocr += source.path("pages_ocr").asInt();
                    blank += source.path("pages_blank").asInt();
                    pageMillis += Benchmark.pageMillis(source);
                }
                double extraction = extractNanos.get() / 1e9;
                // The pages' own time in the extractor processes against the page workers' time:
                // what is left is spent outside reading pages (batches, replies, the daemon's share).
                report.add(String.format(Locale.ROOT, "real documents, text, %s pass: pdftotext on %d cores %.1f s = %.0f pages/s; "
                        + "pipeline extraction %.1f s = %.0f pages/s (%.2f x pdftotext); OCR calls %d, blank pages %d; "
                        + "pages read in %.2f ms each, %.0f%% of the page workers' time",
                        pass, CORES, poppler, total / poppler, extraction, total / extraction, poppler / extraction, ocr, blank,
                        (double) pageMillis / total, 100.0 * pageMillis / (extraction * 1000 * CORES)));
            }
        }
        localMode(work, total, report);
    }

    /** pdftotext over each file's pages split into one range per core, all at once, as the pipeline's page workers split them. */
    private static void pdftotext(Path work, int[] pages) throws Exception {
        List<Callable<Object>> runs = new ArrayList<>();
        for (int i = 0; i < FILES.size(); i++) {
            int per = (pages[i] + CORES - 1) / CORES;
            for (int from = 1; from <= pages[i]; from += per) {
                List<String> command = List.of("pdftotext", "-f", String.valueOf(from), "-l", String.valueOf(Math.min(pages[i], from + per - 1)),
                        FILES.get(i).toString(), work.resolve(i + "-" + from + ".txt").toString());
                runs.add(() -> Benchmark.run(command));
            }
        }
        Benchmark.onEveryCore(runs);
    }

    /**
     * The files dropped into the inbox of a local-mode daemon (LocalMain, in a process of its own,
     * as README's first command runs it): from the copy to the last indexed, as its status index says.
     */
    private static void localMode(Path work, int pages, List<String> report) throws Exception {
        Path home = Files.createDirectories(work.resolve("local"));
        Files.createSymbolicLink(home.resolve("config"), Path.of("config").toAbsolutePath());
        Files.createSymbolicLink(home.resolve("routes"), Path.of("routes").toAbsolutePath());
        int openSearchPort = LocalServers.freePort();
        int managementPort = LocalServers.freePort();
        // The same classes as this JVM's, absolute: the process works in a directory of its own.
        String classPath = String.join(java.io.File.pathSeparator, java.util.Arrays.stream(System.getProperty("java.class.path")
                .split(java.io.File.pathSeparator)).map(entry -> Path.of(entry).toAbsolutePath().toString()).toList());
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-Dcamel.server.port=" + LocalServers.freePort(), "-Dcamel.management.port=" + managementPort,
                "-cp", classPath, "io.docingest.local.LocalMain");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("local.log").toFile());
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        builder.environment().put("INGEST_LOCAL_OPENSEARCH_PORT", String.valueOf(openSearchPort));
        Process daemon = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        URI status = URI.create("http://127.0.0.1:" + openSearchPort + "/document-status/_count?q=status:indexed");
        List<String> chunks;
        try {
            awaitReady(daemon, home.resolve("local.log"));
            Map<Long, Double> cpuAtStart = new HashMap<>();
            Stream.concat(Stream.of(daemon.toHandle()), daemon.toHandle().descendants())
                    .forEach(process -> cpuAtStart.put(process.pid(), cpu(process)));
            Path inbox = home.resolve("inbox");
            long start = System.nanoTime();
            for (Path file : FILES) {
                Path part = inbox.resolve("." + file.getFileName());  // hidden while copied, then renamed
                Files.copy(file, part);
                Files.move(part, inbox.resolve(file.getFileName()));
            }
            // An outside process's index: polled, there is no event to wait on.
            try {
                await().atMost(30, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(200))
                        .until(() -> !daemon.isAlive() || indexed(http, status) >= FILES.size());
            } catch (ConditionTimeoutException e) {
                // reported below
            }
            if (!daemon.isAlive() || indexed(http, status) < FILES.size()) {
                report.add("real documents, local mode: NOT FINISHED (see " + home.resolve("local.log") + ")");
                return;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long lines;
            try (var log = Files.lines(home.resolve("local.log"))) {
                lines = log.count();
            }
            report.add(String.format(Locale.ROOT, "real documents, local mode end to end (inbox to indexed: extraction, thumbnail, "
                    + "local embeddings, indexing): %.1f s = %.0f pages/s; %d log lines in all; stage seconds, all documents: %s; "
                    + "CPU seconds while the files were read (of %.0f on %d cores): %s",
                    seconds, pages / seconds, lines, stageSeconds(http, managementPort), seconds * CORES, CORES,
                    cpuSeconds(daemon.toHandle(), cpuAtStart)));
            chunks = chunks(http, openSearchPort);
        } finally {
            daemon.destroy();
            daemon.waitFor(60, TimeUnit.SECONDS);
        }
        // With the daemon and its OpenSearch node stopped: the model alone on the cores.
        report.add(embeddingAlone(chunks, pages));
    }

    /** Every chunk local mode indexed, its text as embedded (fewer than 10,000: one page of hits). */
    private static List<String> chunks(HttpClient http, int openSearchPort) throws IOException, InterruptedException {
        String index = "http://127.0.0.1:" + openSearchPort + "/document-chunks";
        http.send(HttpRequest.newBuilder(URI.create(index + "/_refresh")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(index
                + "/_search?size=10000&track_total_hits=true&_source=content")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode hits = Benchmark.JSON.readTree(response.body()).path("hits");
        List<String> texts = new ArrayList<>();
        hits.path("hits").forEach(hit -> texts.add(hit.path("_source").path("content").asText()));
        if (response.statusCode() != 200 || texts.isEmpty() || texts.size() != hits.path("total").path("value").asInt()) {
            throw new IllegalStateException("cannot read local mode's chunks: HTTP " + response.statusCode() + ", "
                    + texts.size() + " of " + hits.path("total"));
        }
        return texts;
    }

    /**
     * The local model's own work on those chunks, on one thread of this JVM after a warm-up: the
     * floor under local mode's time, set against the CPU that the cores give at 40 pages/s.
     */
    private static String embeddingAlone(List<String> chunks, int pages) {
        LocalMiniLmEmbedder embedder = new LocalMiniLmEmbedder();
        chunks.stream().limit(50).forEach(embedder::embed);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        chunks.forEach(embedder::embed);
        double seconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        return String.format(Locale.ROOT, "real documents, local embeddings alone: %d chunks embedded again on one thread, "
                + "%.1f CPU s = %.1f ms a chunk; 40 pages/s leaves %.1f CPU s on %d cores for all the work", chunks.size(), seconds,
                seconds * 1000 / chunks.size(), pages / 40.0 * CORES, CORES);
    }

    /**
     * The CPU time local mode's processes have used since {@code atStart} (pid to CPU seconds then):
     * the daemon's JVM (with its OpenSearch node and embedding model) and its extractor processes.
     */
    private static String cpuSeconds(ProcessHandle daemon, Map<Long, Double> atStart) {
        List<String> extractors = daemon.descendants().map(process -> cpu(process) - atStart.getOrDefault(process.pid(), 0.0))
                .map(seconds -> String.format(Locale.ROOT, "%.1f", seconds)).toList();
        return String.format(Locale.ROOT, "daemon %.1f, extractor processes %s", cpu(daemon) - atStart.get(daemon.pid()),
                String.join(" + ", extractors));
    }

    private static double cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().map(duration -> duration.toMillis() / 1000.0).orElse(Double.NaN);
    }

    /** Each stage's time summed over the documents, from the daemon's own ingest_stage_seconds meter. */
    private static String stageSeconds(HttpClient http, int managementPort) throws IOException, InterruptedException {
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var sums = java.util.regex.Pattern.compile("(?m)^ingest_stage_seconds_sum\\{.*stage=\"([^\"]+)\".*} (\\S+)$").matcher(metrics);
        List<String> stages = new ArrayList<>();
        while (sums.find()) {
            stages.add(String.format(Locale.ROOT, "%s %.1f", sums.group(1), Double.parseDouble(sums.group(2))));
        }
        return stages.isEmpty() ? "none published" : String.join(", ", stages);
    }

    private static void awaitReady(Process daemon, Path log) {
        await().atMost(3, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!daemon.isAlive()) {
                throw new IllegalStateException("local mode did not start: " + log);
            }
            String said = Files.readString(log);
            return said.contains("Apache Camel") && said.contains("started in");
        });
    }

    private static int indexed(HttpClient http, URI count) throws IOException, InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(count).build(), HttpResponse.BodyHandlers.ofString());
            var matcher = java.util.regex.Pattern.compile("\"count\":(\\d+)").matcher(response.body());
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        } catch (java.net.ConnectException e) {
            return 0;
        }
    }
}
