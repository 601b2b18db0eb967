package io.docingest.local;

import io.docingest.IngestApplication;
import io.docingest.config.YamlConfig;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

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
        Properties overrides = new Properties();
        EmbeddedOpenSearch node = null;
        if (Boolean.parseBoolean(env("INGEST_LOCAL_EMBEDDED_OPENSEARCH", config.getProperty("ingest.local.embedded-opensearch", "true")))) {
            Path home = Path.of(config.getProperty("ingest.local.data-dir", "data"), "opensearch").toAbsolutePath();
            Files.createDirectories(home);
            node = EmbeddedOpenSearch.start(home, Integer.parseInt(config.getProperty("ingest.local.opensearch-port", "9200")));
            overrides.setProperty("ingest.opensearch.host-addresses", node.hostAddress());
            LOG.info("OpenSearch is running at http://{}", node.hostAddress());
        }
        Files.createDirectories(Path.of(config.getProperty("ingest.nas.dir", "inbox")));
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
