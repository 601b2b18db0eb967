package io.docingest;

import io.docingest.config.YamlConfig;
import org.apache.camel.main.Main;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The daemon's entry point: Camel Main with the operator's YAML configuration and the YAML routes
 * under {@code routes/}, both read from the working directory (the install directory under systemd).
 * The profile comes from {@code INGEST_PROFILE} (default {@code aws}).
 */
public final class IngestApplication {

    private IngestApplication() {
    }

    public static void main(String[] args) throws Exception {
        String profile = System.getenv().getOrDefault("INGEST_PROFILE", "aws");
        create(Path.of("config"), profile, new Properties()).run(args);
    }

    /** A configured, not yet started Main; {@code overrides} win over the YAML (tests, runners). */
    public static Main create(Path configDir, String profile, Properties overrides) {
        Main main = new Main();
        Properties properties = YamlConfig.load(configDir, profile);
        properties.setProperty("ingest.profile", profile);
        main.setInitialProperties(properties);
        main.setOverrideProperties(overrides);
        main.configure().addConfiguration(new IngestConfiguration());
        return main;
    }
}
