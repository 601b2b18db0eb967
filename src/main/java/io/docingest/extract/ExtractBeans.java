package io.docingest.extract;

import io.docingest.config.Limits;
import io.docingest.metrics.IngestMetrics;
import io.docingest.ocr.OcrSettings;
import io.docingest.ocr.TesseractPool;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The beans of routes/pipeline/extract.yaml, from ingest.pages and ingest.extract. */
public class ExtractBeans implements CamelConfiguration {

    // One set of PDFBox handles, shared by the batch extractor and the assembler that closes them.
    private final PdfHandles pdfHandles = new PdfHandles();

    @BindToRegistry(lazy = true)
    public PagePlanner pagePlanner(@PropertyInject("ingest.pages.batch-size") int batchSize,
                                   @PropertyInject("ingest.pages.parallelism") int workers, Limits limits) {
        return new PagePlanner(batchSize, workers, limits);
    }

    /**
     * Where pages are read: in extractor processes ({@code ingest.extract.isolation: processes}, what
     * production runs), or in this JVM ({@code none}: one process to debug or profile).
     */
    @BindToRegistry(lazy = true)
    public BatchExtractor batchExtractor(CamelContext camel, Limits limits, IngestMetrics metrics,
                                         @PropertyInject("ingest.extract.isolation") String isolation,
                                         @PropertyInject("ingest.extract.page-deadline-ms") long pageDeadlineMs,
                                         @PropertyInject("ingest.extract.batch-deadline-ms") long batchDeadlineMs,
                                         @PropertyInject("ingest.pages.text-layer-min-chars") int textLayerMinChars,
                                         @PropertyInject("ingest.pages.dpi") int dpi,
                                         @PropertyInject("ingest.pages.codes-dpi") int codesDpi) {
        // Looked up, not injected: only the one that is used is created (and started).
        if (isolation.equals("none")) {
            TesseractPool tesseract = camel.getRegistry().lookupByNameAndType("tesseractPool", TesseractPool.class);
            return new PageBatchExtractor(tesseract, pdfHandles, textLayerMinChars, dpi, codesDpi, limits);
        }
        ExtractorProcesses extractors = camel.getRegistry().lookupByNameAndType("extractorProcesses", ExtractorProcesses.class);
        return new ForkedBatchExtractor(extractors, metrics, pageDeadlineMs, batchDeadlineMs, limits.documentTimeoutMs());
    }

    /** The folder each document's OCR'd pages leave their word boxes in, for its searchable PDF. */
    @BindToRegistry(lazy = true)
    public WordBoxFiles wordBoxFiles(@PropertyInject("ingest.work-dir") String workDir) {
        return new WordBoxFiles(workDir);
    }

    /** Where a searchable PDF is written: where the pages were read (ingest.extract.isolation). */
    @BindToRegistry(lazy = true)
    public SearchablePdfs searchablePdfs(CamelContext camel, Limits limits,
                                         @PropertyInject("ingest.extract.isolation") String isolation,
                                         @PropertyInject("ingest.extract.batch-deadline-ms") long batchDeadlineMs,
                                         @PropertyInject("ingest.work-dir") String workDir,
                                         @PropertyInject("ingest.output.font") String font,
                                         @PropertyInject("ingest.output.pdf-a") boolean pdfA,
                                         @PropertyInject("ingest.pages.dpi") int dpi) throws IOException {
        if (isolation.equals("none")) {
            return new SearchablePdfs(null, new SearchablePdfWriter(Path.of(font), dpi, limits, pdfA), pdfA, workDir,
                    batchDeadlineMs);
        }
        ExtractorProcesses extractors = camel.getRegistry().lookupByNameAndType("extractorProcesses", ExtractorProcesses.class);
        return new SearchablePdfs(extractors, null, pdfA, workDir, batchDeadlineMs);
    }

    /** One process per page worker of both lanes, each a JVM of its own running {@link ExtractorMain}. */
    @BindToRegistry(lazy = true)
    public ExtractorProcesses extractorProcesses(CamelContext camel, Limits limits, OcrSettings ocr,
                                                 @PropertyInject("ingest.extract.jvm-options") String jvmOptions,
                                                 @PropertyInject("ingest.extract.start-timeout-ms") long startMillis,
                                                 @PropertyInject("ingest.pages.parallelism") int parallelism,
                                                 @PropertyInject("ingest.pages.priority-parallelism") int priorityParallelism,
                                                 @PropertyInject("ingest.pages.text-layer-min-chars") int textLayerMinChars,
                                                 @PropertyInject("ingest.pages.dpi") int dpi,
                                                 @PropertyInject("ingest.pages.codes-dpi") int codesDpi,
                                                 @PropertyInject("ingest.output.font") String outputFont,
                                                 @PropertyInject("ingest.output.pdf-a") boolean outputPdfA)
            throws Exception {
        Map<String, String> logging = camel.getPropertiesComponent()
                .loadProperties(key -> key.startsWith("ingest.logging.")).entrySet().stream()
                .collect(Collectors.toMap(e -> (String) e.getKey(), e -> String.valueOf(e.getValue())));
        ExtractorProtocol.Settings settings = new ExtractorProtocol.Settings(ocr, limits, textLayerMinChars, dpi, codesDpi, outputFont,
                outputPdfA, logging);
        ExtractorProcesses extractors = new ExtractorProcesses(command(jvmOptions), settings,
                parallelism + priorityParallelism, startMillis);
        camel.addService(extractors);
        return extractors;
    }

    /** This JVM's java and class path, the configured options, and what the process must have whatever they say. */
    private static List<String> command(String jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Arrays.stream(jvmOptions.strip().split("\\s+")).filter(option -> !option.isEmpty()).forEach(command::add);
        // Dying on OutOfMemoryError is how the daemon learns of it (ExtractorProcess.deathReason).
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:+DisplayVMOutputToStderr");  // the JVM's own last words, where they are read
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=log4j2-extractor.xml");
        for (String inherited : List.of("java.io.tmpdir", "jna.tmpdir", "pdfbox.fontcache", "file.encoding")) {
            if (System.getProperty(inherited) != null) {
                command.add("-D" + inherited + "=" + System.getProperty(inherited));
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ExtractorMain.class.getName());
        return command;
    }

    @BindToRegistry(lazy = true)
    public PageOrderAggregation pageOrder() {
        return new PageOrderAggregation();
    }

    @BindToRegistry(lazy = true)
    public TextAssembler textAssembler() {
        return new TextAssembler(pdfHandles);
    }
}
