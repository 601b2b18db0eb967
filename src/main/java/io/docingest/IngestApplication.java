package io.docingest;

import io.docingest.config.AwsClients;
import io.docingest.config.ConfigurationCheck;
import io.docingest.config.LogSetup;
import io.docingest.config.Settings;
import io.docingest.config.SourceSelection;
import io.docingest.config.YamlConfig;
import io.docingest.detect.DetectBeans;
import io.docingest.embed.EmbedBeans;
import io.docingest.extract.ExtractBeans;
import io.docingest.fetch.FetchBeans;
import io.docingest.health.HealthBeans;
import io.docingest.index.IndexBeans;
import io.docingest.observe.ObserveBeans;
import io.docingest.ocr.OcrBeans;
import io.docingest.ops.DeadLetterCommand;
import io.docingest.ops.Drainer;
import io.docingest.ops.OpsBeans;
import io.docingest.options.OptionsBeans;
import io.docingest.outcome.OutcomeBeans;
import io.docingest.output.OutputBeans;
import io.docingest.source.SourceBeans;
import io.docingest.status.StatusBeans;
import io.docingest.thumbnail.ThumbnailBeans;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The daemon's entry point: Camel Main with the operator's YAML configuration and the YAML routes
 * under {@code routes/}, both read from the working directory (the install directory under systemd).
 * The profile comes from {@code INGEST_PROFILE} (default {@code aws}). With {@code dlq ...} as
 * arguments it is the dead-letter tool instead ({@link DeadLetterCommand}).
 */
public final class IngestApplication {

    private IngestApplication() {
    }

    public static void main(String[] args) throws Exception {
        String profile = System.getenv().getOrDefault("INGEST_PROFILE", "aws");
        if (args.length > 0 && args[0].equals("dlq")) {
            System.exit(DeadLetterCommand.run(args, Path.of("config"), profile, new Properties(), System.out));
        }
        Main main = create(Path.of("config"), profile, new Properties());
        // Our shutdown hook drains first and then stops Camel; Camel's own hook (in the default
        // strategy) would stop the routes and their clients under the documents still in flight.
        main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        main.addMainListener(new DrainOnShutdown());
        try {
            main.run(args);
        } catch (Exception e) {
            // What the operator must fix, in one line: the log (JSON in production) has the trace.
            System.err.println("doc-ingest cannot start: " + rootMessage(e));
            System.exit(1);
        }
    }

    private static String rootMessage(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
                return cause.getMessage();
            }
        }
        return String.valueOf(e.getMessage());
    }

    /** SIGTERM (systemd stop, Spot reclaim): drain first, then stop Camel. */
    private static final class DrainOnShutdown extends MainListenerSupport {
        @Override
        public void afterStart(BaseMainSupport main) {
            CamelContext camel = main.getCamelContext();
            Drainer drainer = camel.getRegistry().lookupByNameAndType("drainer", Drainer.class);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    drainer.drain("shutdown signal");
                } catch (Exception e) {
                    LoggerFactory.getLogger(IngestApplication.class).error("Drain failed: {}", e.getMessage(), e);
                }
                // Released documents are another worker's now: stopping Camel under them would fail
                // them into the dead-letter queue, so the JVM just ends with them.
                if (!drainer.releasedAny()) {
                    camel.stop();
                }
            }, "drain-on-shutdown"));
        }
    }

    /** A configured, not yet started Main; {@code overrides} win over the YAML (tests, runners). */
    public static Main create(Path configDir, String profile, Properties overrides) {
        Main main = new Main();
        Properties properties = YamlConfig.load(configDir, profile);
        LogSetup.apply(properties);
        properties.setProperty("ingest.profile", profile);
        properties.setProperty("ingest.config-dir", configDir.toString());
        Properties effectiveOverrides = new Properties();
        effectiveOverrides.putAll(overrides);
        main.addMainListener(SourceSelection.apply(properties, effectiveOverrides, System.getenv()));
        main.addMainListener(new CheckConfigurationFirst(configDir.resolve("application.schema.yaml")));
        main.setInitialProperties(properties);
        main.setOverrideProperties(effectiveOverrides);
        for (CamelConfiguration beans : List.of(new IngestConfiguration(), new OptionsBeans(), new StatusBeans(),
                new SourceBeans(), new FetchBeans(), new DetectBeans(), new OcrBeans(), new ExtractBeans(),
                new ThumbnailBeans(), new OutputBeans(), new EmbedBeans(), new IndexBeans(), new OutcomeBeans(), new OpsBeans(),
                new ObserveBeans(), new HealthBeans())) {
            main.configure().addConfiguration(beans);
        }
        return main;
    }

    /**
     * The effective configuration is checked against the schema before any bean is built from it,
     * a worker that depends on AWS (a readiness check on SQS, S3 or Bedrock) needs credentials, and
     * the queues it consumes and parks in must exist.
     */
    private static final class CheckConfigurationFirst extends MainListenerSupport {
        private final Path schema;

        CheckConfigurationFirst(Path schema) {
            this.schema = schema;
        }

        @Override
        public void beforeConfigure(BaseMainSupport main) {
            new ConfigurationCheck(schema).verify(main.getCamelContext().getPropertiesComponent(), System.getenv());
            Settings settings = new Settings(main.getCamelContext());
            List<String> dependencies = listed(settings.text("ingest.health.dependencies"));
            AwsClients aws = new AwsClients(settings);
            if (dependencies.stream().anyMatch(AWS_SERVICES::contains)) {
                aws.requireCredentials();
            }
            if (dependencies.contains("sqs")) {
                List<String> sources = listed(settings.text("ingest.sources.enabled"));
                List<String> queues = new ArrayList<>();
                QUEUE_OF_SOURCE.forEach((source, key) -> {
                    if (sources.contains(source)) {
                        queues.add(key);
                    }
                });
                queues.add("ingest.sqs.dead-letter-queue");  // every source parks there
                aws.requireQueues(queues);
            }
        }

        private static List<String> listed(String commaSeparated) {
            return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(name -> !name.isEmpty()).toList();
        }

        private static final Set<String> AWS_SERVICES = Set.of("sqs", "s3", "bedrock");
        private static final Map<String, String> QUEUE_OF_SOURCE = Map.of(
                "sqs", "ingest.sqs.queue", "priority-queue", "ingest.sqs.priority-queue");
    }
}
