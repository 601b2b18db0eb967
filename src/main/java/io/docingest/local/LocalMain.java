package io.docingest.local;

import io.docingest.IngestApplication;
import io.docingest.config.ConfigurationCheck;
import io.docingest.config.YamlConfig;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Function;

/**
 * The local runner: the same routes and processors as the daemon, with no AWS at all. It starts an
 * OpenSearch node in this JVM (unless {@code ingest.local.embedded-opensearch} is false and
 * {@code ingest.opensearch.host-addresses} names a running one), an in-process embedding model, and
 * watches {@code ./inbox} with the NAS-folder source. Built as its own jar so the daemon carries
 * none of this.
 */
public final class LocalMain {

    private static final Logger LOG = LoggerFactory.getLogger(LocalMain.class);

    private LocalMain() {
    }

    public static void main(String[] args) throws Exception {
        String profile = System.getenv().getOrDefault("INGEST_PROFILE", "local");
        Properties config = YamlConfig.load(Path.of("config"), profile);
        // As Camel reads every other key: an INGEST_* environment variable wins over the YAML.
        Function<String, String> setting = key -> env(ConfigurationCheck.environmentName(key), config.getProperty(key, ""));
        Properties overrides = new Properties();
        EmbeddedOpenSearch node = null;
        if (Boolean.parseBoolean(setting.apply("ingest.local.embedded-opensearch"))) {
            Path home = Path.of(setting.apply("ingest.local.data-dir"), "opensearch").toAbsolutePath();
            Files.createDirectories(home);
            node = EmbeddedOpenSearch.start(home, Integer.parseInt(setting.apply("ingest.local.opensearch-port")));
            overrides.setProperty("ingest.opensearch.host-addresses", node.hostAddress());
            LOG.info("OpenSearch is running at http://{}", node.hostAddress());
        }
        Files.createDirectories(Path.of(setting.apply("ingest.nas.dir")));
        Main main = IngestApplication.create(Path.of("config"), profile, overrides);
        main.bind("localEmbedder", new LocalMiniLmEmbedder());
        try {
            main.run(args);
        } finally {
            if (node != null) {
                node.close();
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
