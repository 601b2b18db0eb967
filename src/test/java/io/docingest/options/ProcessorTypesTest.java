package io.docingest.options;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Aliases for processor types, and what a document naming an unknown type gets. */
class ProcessorTypesTest {

    private static final Map<String, String> TYPES = Map.of(
            "ingest.processor-types.default.ocr-languages", "jpn+eng",
            "ingest.processor-types.default.skip-ocr", "false",
            "ingest.processor-types.default.index-suffix", "",
            "ingest.processor-types.default.priority", "normal",
            "ingest.processor-types.default.detect-codes", "scanned",
            "ingest.processor-types.default.ocr-embedded-images", "false",
            "ingest.processor-types.default.output", "",
            "ingest.processor-types.urgent.priority", "high");

    @Test
    void anAliasIsProcessedAsTheTypeItNames() {
        ProcessorTypes types = types(Map.of("ingest.processor-type-aliases.pool", "default",
                "ingest.processor-type-aliases.rush", "urgent"));
        types.requireKnown("pool");
        assertThat(types.isHighPriority("rush")).isTrue();
        assertThat(types.isHighPriority("pool")).isFalse();
        assertThatThrownBy(() -> types.requireKnown("batch")).hasMessageContaining("aliases: pool, rush");
    }

    @Test
    void anUnknownTypeIsParkedUnlessConfigGivesItAType() {
        assertThatThrownBy(() -> types(Map.of()).requireKnown("fast-lane"))
                .hasMessageContaining("unknown processor-type 'fast-lane'").hasMessageContaining("default, urgent");
        ProcessorTypes lenient = types(Map.of("ingest.unknown-processor-type", "urgent"));
        lenient.requireKnown("fast-lane");
        assertThat(lenient.isHighPriority("fast-lane")).isTrue();
    }

    @Test
    void anAliasOrFallbackNamingNoTypeStopsStartUp() {
        assertThatThrownBy(() -> types(Map.of("ingest.processor-type-aliases.pool", "defualt")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ingest.processor-type-aliases.pool' names processor type 'defualt'");
        assertThatThrownBy(() -> types(Map.of("ingest.processor-type-aliases.urgent", "default")))
                .hasMessageContaining("is a processor type already");
        assertThatThrownBy(() -> types(Map.of("ingest.unknown-processor-type", "nowhere")))
                .hasMessageContaining("'ingest.unknown-processor-type' names processor type 'nowhere'");
    }

    private static ProcessorTypes types(Map<String, String> extra) {
        Properties properties = new Properties();
        properties.putAll(TYPES);
        properties.putAll(extra);
        // Never started: only its properties component is used.
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.getPropertiesComponent().setInitialProperties(properties);
        return new ProcessorTypes(camel.getPropertiesComponent());
    }
}
