package io.docingest.bench;

import io.docingest.IngestApplication;
import io.docingest.support.LocalServers;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.Main;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Peak memory of the pipeline for one scanned document, in a JVM of its own under -Xmx512m: the
 * daemon runs there against the benchmark's servers, takes the document from SQS, and reports the
 * peak live heap (after full collections, forced every two seconds), the peak heap used (all heap
 * pools) and the peak resident set (VmHWM).
 */
public final class MemoryProbe {

    private MemoryProbe() {
    }

    static String measure(LocalServers servers, LocalServers.Queues queues, String indexPrefix, String key, int pages)
            throws Exception {
        Properties settings = servers.daemonProperties(queues, indexPrefix);
        settings.setProperty("ingest.pages.parallelism", String.valueOf(Runtime.getRuntime().availableProcessors()));
        settings.setProperty("ingest.pages.batch-size", "4");
        List<String> options = new ArrayList<>(List.of("-Xmx512m"));
        settings.forEach((k, v) -> options.add("-D" + k + "=" + v));
        String result = run(options, MemoryProbe.class, List.of(servers.sqsEndpoint(), queues.url(), key,
                servers.s3.headObject(h -> h.bucket(LocalServers.LANDING).key(key)).eTag().replace("\"", "")),
                Path.of("target", "bench-memory-" + pages + ".log"));
        return String.format(Locale.ROOT, "scanned %4d pages under -Xmx512m: %s", pages, result);
    }

    /**
     * Runs a probe's {@code main} in a JVM of its own with {@code options}, its output in {@code log};
     * returns what it printed after "MEMORY ", or why there is nothing.
     */
    static String run(List<String> options, Class<?> main, List<String> args, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // soft references (PDFBox keeps decoded images in them) cleared at every collection, so
                // the live heap after GC is what the probe really holds
                "-XX:SoftRefLRUPolicyMSPerMB=0", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path")));
        command.addAll(options);
        command.add(main.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        builder.environment().put("INGEST_PROFILE", "test");
        int exit = builder.start().waitFor();
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("MEMORY ")).findFirst().map(l -> l.substring(7))
                .orElse("failed, exit " + exit + ", see " + log);
    }

    public static void main(String[] args) throws Exception {
        String sqsEndpoint = args[0];
        String queueUrl = args[1];
        String key = args[2];
        String etag = args[3];
        Main main = IngestApplication.create(Path.of("config"), "test", new Properties());
        main.start();
        NotifyBuilder done = new NotifyBuilder(main.getCamelContext()).fromRoute("source-sqs-s3-events")
                .filter(e -> e.getProperty(Exchange.CORRELATION_ID) == null).whenDone(1).create();
        LiveHeap live = new LiveHeap();
        // The live set is the heap after a full collection; one every two seconds samples it.
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(System::gc, 2, 2, TimeUnit.SECONDS);
        long start = System.nanoTime();
        try (SqsClient sqs = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(sqsEndpoint))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        LocalServers.ACCESS_KEY, LocalServers.SECRET_KEY))).build()) {
            sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody("{\"s3Bucket\":\"" + LocalServers.LANDING
                    + "\",\"s3Key\":\"" + key + "\",\"fileSize\":1,\"etag\":\"" + etag + "\",\"eventTime\":\"2026-11-26T00:00:00Z\"}"));
        }
        boolean finished = done.matches(60, TimeUnit.MINUTES);
        sampler.shutdownNow();
        double seconds = (System.nanoTime() - start) / 1e9;
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        // Pages are read in extractor processes (one per page worker): their peak resident sets count too.
        List<Long> children = ProcessHandle.current().descendants().map(child -> peakRssKib(child.pid())).filter(kib -> kib > 0).toList();
        System.out.printf(Locale.ROOT, "MEMORY peak live heap after GC %.1f MiB, peak heap used %d MiB, peak RSS %d MiB; "
                        + "%d extractor processes, peak RSS %d MiB at most, %d MiB together; %.0f s%s%n",
                live.peakBytes() / 1048576.0, peakHeap >> 20, peakRssKib(ProcessHandle.current().pid()) >> 10, children.size(),
                children.stream().mapToLong(Long::longValue).max().orElse(0) >> 10, children.stream().mapToLong(Long::longValue).sum() >> 10,
                seconds, finished ? "" : " (NOT FINISHED)");
        main.stop();
        System.exit(0);
    }

    private static long peakRssKib(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
        } catch (IOException e) {
            return -1;  // the process ended meanwhile
        }
    }
}
