package io.docingest.config;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigurationCheckTest {

    private final ConfigurationCheck check = new ConfigurationCheck(Path.of("config/application.schema.yaml"));

    @Test
    void anIngestEnvironmentVariableThatMatchesNoKeyStopsStartUp() {
        PropertiesComponent properties = shippedConfig();
        assertThatThrownBy(() -> check.verify(properties, Map.of("INGEST_PAGES_BATCHSIZE", "8")))
                .hasMessageContaining("INGEST_PAGES_BATCHSIZE matches no configuration key");
        assertThat(check.verify(properties, Map.of("INGEST_PAGES_BATCH_SIZE", "8", "INGEST_PROFILE", "aws")))
                .containsKey("ingest.pages.batch-size");
    }

    @Test
    void secretsAreMaskedInTheLoggedConfiguration() {
        String logged = ConfigurationCheck.masked(Map.of("ingest.opensearch.password", "hunter2",
                "ingest.aws.secret-key", "abc", "ingest.aws.access-key", "AKIA", "ingest.opensearch.user", "admin"));
        assertThat(logged).doesNotContain("hunter2", "abc", "AKIA").contains("ingest.opensearch.user = admin");
    }

    private static PropertiesComponent shippedConfig() {
        Properties config = YamlConfig.load(Path.of("config"), "aws");
        config.setProperty("ingest.profile", "aws");
        config.setProperty("ingest.config-dir", "config");
        PropertiesComponent properties = new DefaultCamelContext().getPropertiesComponent();
        properties.setInitialProperties(config);
        return properties;
    }
}
