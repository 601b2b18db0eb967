package io.docingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.config.AwsClients;
import io.docingest.config.ConfigurationCheck;
import io.docingest.config.Limits;
import io.docingest.health.HealthChecks;
import io.docingest.http.ApiServerEngine;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import io.docingest.metrics.AwsCallMetrics;
import io.docingest.metrics.IngestMetrics;
import io.docingest.metrics.MeterRegistries;
import io.docingest.metrics.OpenSearchCallMetrics;
import io.docingest.outcome.LogContext;
import io.docingest.outcome.StatusBoard;
import io.docingest.source.UploadFolder;
import io.docingest.source.Uploads;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.docingest.config.Settings;
import io.docingest.detect.FileTypeDetector;
import io.docingest.embed.BedrockTitanEmbedder;
import io.docingest.embed.ChunkEmbedder;
import io.docingest.embed.Embedder;
import io.docingest.embed.TextChunker;
import io.docingest.extract.PageBatchExtractor;
import io.docingest.extract.PageOrderAggregation;
import io.docingest.extract.PagePlanner;
import io.docingest.extract.PdfHandles;
import io.docingest.extract.TextAssembler;
import io.docingest.fetch.ObjectSpooler;
import io.docingest.fetch.S3FailureClassifier;
import io.docingest.index.IndexRequests;
import io.docingest.index.IndexTemplateInstaller;
import io.docingest.index.IndexedVersions;
import io.docingest.index.OpenSearchClients;
import io.docingest.index.StaleChunkRemover;
import io.docingest.ocr.OcrSettings;
import io.docingest.options.ProcessorTypes;
import io.docingest.ops.Drainer;
import io.docingest.ops.PolledSources;
import io.docingest.ops.InFlightMessages;
import io.docingest.ops.SpotInterruptionNotice;
import io.docingest.ocr.TesseractPool;
import io.docingest.outcome.AttemptCounter;
import io.docingest.outcome.DeadLetterEnvelope;
import io.docingest.outcome.OutcomeRecords;
import io.docingest.source.BucketListing;
import io.docingest.source.FileIds;
import io.docingest.source.NasAfterSuccess;
import io.docingest.source.PolledFileEvents;
import io.docingest.source.S3EventParser;
import io.docingest.thumbnail.ThumbnailRenderer;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.opensearch.client.RestClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the YAML routes refer to by name ({@code #s3Client}, {@code ref: pagePlanner}...), built
 * from the resolved configuration. Java is only what YAML cannot say: the routes stay the pipeline.
 */
public class IngestConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camel) throws Exception {
        Settings settings = new Settings(camel);
        new ConfigurationCheck(Path.of(settings.text("ingest.config-dir"), "application.schema.yaml"))
                .verify(camel.getPropertiesComponent(), System.getenv());
        Registry registry = camel.getRegistry();
        ObjectMapper json = new ObjectMapper();
        String workerId = settings.text("ingest.worker-id");
        int parallelism = settings.positive("ingest.pages.parallelism");
        int priorityParallelism = settings.positive("ingest.pages.priority-parallelism");

        // The registry Camel serves on the management port and adds its route meters to: Camel
        // Main may have created it already (camel.metrics.enabled), else Camel will use this one.
        PrometheusMeterRegistry prometheus = registry.lookupByNameAndType("metricsRegistry", PrometheusMeterRegistry.class);
        if (prometheus == null) {
            prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind("metricsRegistry", prometheus);
        }
        registry.bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, new ApiServerEngine(settings.positive("camel.server.port")));
        IngestMetrics metrics = new IngestMetrics(MeterRegistries.forIngest(settings, prometheus));
        registry.bind("ingestMetrics", metrics);

        AwsClients aws = new AwsClients(settings, List.of(new AwsCallMetrics(metrics.registry())));
        S3Client s3 = aws.s3();
        SqsClient sqs = aws.sqs();
        registry.bind("s3Client", s3);
        registry.bind("sqsClient", sqs);
        // Two clients: the opensearch component's calls are asynchronous and Camel continues the
        // route on the client's I/O thread; a blocking call from there on the same client waits
        // for that very thread. The beans that call OpenSearch synchronously get their own.
        OpenSearchCallMetrics openSearchMetrics = new OpenSearchCallMetrics(metrics.registry());
        registry.bind("openSearchRestClient", OpenSearchClients.restClient(settings, openSearchMetrics));
        RestClient openSearch = OpenSearchClients.restClient(settings, openSearchMetrics);

        registry.bind("s3EventParser", new S3EventParser(json));
        registry.bind("polledFileEvents", new PolledFileEvents());
        registry.bind("nasAfterSuccess", new NasAfterSuccess(settings.text("ingest.nas.after-success"),
                Path.of(settings.text("ingest.nas.dir")), settings.text("ingest.nas.move-to")));
        registry.bind("nasSeenFiles", FileIdempotentRepository.fileIdempotentRepository(
                new File(settings.text("ingest.nas.seen-files")), settings.positive("ingest.nas.seen-files-max")));
        registry.bind("fileIds", new FileIds());
        registry.bind("logContext", new LogContext());
        Limits limits = Limits.from(settings);
        registry.bind("objectSpooler", new ObjectSpooler(settings.text("ingest.work-dir"), limits.maxObjectBytes()));
        registry.bind("s3FailureClassifier", new S3FailureClassifier());
        registry.bind("fileTypeDetector", new FileTypeDetector());

        TesseractPool tesseract = new TesseractPool(new OcrSettings(
                settings.text("ingest.ocr.tessdata"), settings.text("ingest.ocr.languages"),
                settings.integer("ingest.ocr.page-segmentation-mode"), settings.integer("ingest.ocr.engine-mode"),
                settings.flag("ingest.ocr.preserve-interword-spaces")), parallelism + priorityParallelism);
        camel.addService(tesseract);
        // Two lanes (routes/pipeline/extract.yaml): a high-priority document's pages never queue
        // behind the hundreds of batches a long normal document has already submitted.
        registry.bind("pageWorkers", camel.getExecutorServiceManager().newFixedThreadPool(this, "page-worker", parallelism));
        registry.bind("priorityPageWorkers", camel.getExecutorServiceManager()
                .newFixedThreadPool(this, "priority-page-worker", priorityParallelism));
        ProcessorTypes processorTypes = new ProcessorTypes(camel.getPropertiesComponent());
        registry.bind("processorTypes", processorTypes);
        registry.bind("pagePlanner", new PagePlanner(settings.positive("ingest.pages.batch-size"), limits));
        PdfHandles pdfHandles = new PdfHandles();
        registry.bind("pdfHandles", pdfHandles);
        registry.bind("pageBatchExtractor", new PageBatchExtractor(tesseract, pdfHandles,
                settings.integer("ingest.pages.text-layer-min-chars"), settings.positive("ingest.pages.dpi"), limits));
        registry.bind("pageOrder", new PageOrderAggregation());
        registry.bind("textAssembler", new TextAssembler(pdfHandles));

        registry.bind("thumbnailRenderer", new ThumbnailRenderer(settings.positive("ingest.thumbnail.max-size"),
                settings.decimal("ingest.thumbnail.jpeg-quality"), settings.positive("ingest.thumbnail.render-dpi"),
                settings.text("ingest.thumbnail.url-prefix"), limits.maxPixelsPerPage()));

        TextChunker chunker = new TextChunker(settings.positive("ingest.embedding.chunk-size"),
                settings.integer("ingest.embedding.chunk-overlap"));
        registry.bind("chunkEmbedder", new ChunkEmbedder(chunker, embedder(camel, settings, aws, json)));

        registry.bind("indexRequests", new IndexRequests(settings.text("ingest.opensearch.file-index"),
                settings.text("ingest.opensearch.chunk-index")));
        registry.bind("indexedVersions", new IndexedVersions(openSearch, settings.text("ingest.opensearch.status-index")));
        registry.bind("staleChunkRemover", new StaleChunkRemover(openSearch, settings.text("ingest.opensearch.chunk-index")));
        registry.bind("outcomeRecords", new OutcomeRecords(settings.text("ingest.opensearch.status-index"),
                settings.text("ingest.opensearch.file-index"), workerId, metrics));
        StatusBoard status = new StatusBoard(openSearch, settings.text("ingest.opensearch.status-index"), workerId,
                settings.positiveLong("ingest.status.progress-interval-ms"));
        registry.bind("statusBoard", status);
        registry.bind("bucketListing", new BucketListing(s3, sqs, settings.text("ingest.s3.bucket"),
                settings.text("ingest.s3.key-prefix"), settings.text("ingest.upload.key-prefix"), settings.text("ingest.sqs.queue")));
        registry.bind("uploads", new Uploads(settings.text("ingest.s3.bucket"), settings.text("ingest.upload.key-prefix"),
                settings.text("ingest.s3.key-prefix"), status, processorTypes));
        Path nasDir = Path.of(settings.text("ingest.nas.dir"));
        registry.bind("uploadFolder", new UploadFolder(nasDir.resolve(settings.text("ingest.upload.folder")), nasDir,
                settings.text("ingest.nas.include"), settings.text("ingest.nas.exclude")));
        registry.bind("attemptCounter", new AttemptCounter(metrics));
        registry.bind("deadLetterEnvelope", new DeadLetterEnvelope(json, workerId));
        InFlightMessages inFlight = new InFlightMessages(sqs, settings.positive("ingest.sqs.visibility-timeout"),
                camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "sqs-visibility"));
        registry.bind("inFlightMessages", inFlight);
        PolledSources polledSources = new PolledSources();
        registry.bind("polledSources", polledSources);
        Drainer drainer = new Drainer(inFlight, polledSources, metrics::documentsInFlight,
                Duration.ofSeconds(settings.integer("ingest.shutdown.grace-seconds")));
        registry.bind("drainer", drainer);
        new HealthChecks(settings, s3, sqs, openSearch, metrics, drainer, inFlight).bindTo(registry);
        registry.bind("spotInterruptionNotice", new SpotInterruptionNotice(settings.text("ingest.spot.metadata-endpoint")));
        camel.addService(new IndexTemplateInstaller(camel, openSearch, Path.of(settings.text("ingest.opensearch.templates-dir"))));
    }

    /** Bedrock in production; any other provider name is a bean the runner bound (the local model). */
    private static Embedder embedder(CamelContext camel, Settings settings, AwsClients aws, ObjectMapper json) {
        String provider = settings.text("ingest.embedding.provider");
        if ("bedrock".equals(provider)) {
            return new BedrockTitanEmbedder(aws.bedrock(), json,
                    settings.text("ingest.embedding.model-id"), settings.positive("ingest.embedding.dimensions"),
                    settings.flag("ingest.embedding.normalize"));
        }
        Embedder embedder = camel.getRegistry().lookupByNameAndType(provider + "Embedder", Embedder.class);
        if (embedder == null) {
            throw new IllegalArgumentException("configuration key 'ingest.embedding.provider' is '" + provider
                    + "': allowed are 'bedrock' and, in the local runner, 'local'");
        }
        return embedder;
    }
}
