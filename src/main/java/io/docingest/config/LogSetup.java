package io.docingest.config;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Applies {@code ingest.logging} before anything else logs: the format (text for people, json
 * for the journal and log shippers: one object per line with the file key, etag and correlation
 * id), a level per logger, and the parsers whose chatter is summarised per document. Log4j reads system properties, not Camel's, hence this bridge.
 */
public final class LogSetup {

    public static final String FORMAT = "ingest.logging.format";
    private static final String LEVELS = "ingest.logging.levels.";
    private static final String SUMMARISED = "ingest.logging.summarised";

    private LogSetup() {
    }

    /** {@code config} is the YAML; a system property, then {@code INGEST_LOGGING_FORMAT}, win over it. */
    public static void apply(Properties config) {
        String format = System.getProperty(FORMAT, System.getenv().getOrDefault("INGEST_LOGGING_FORMAT",
                config.getProperty(FORMAT, "text")));
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("configuration key '" + FORMAT + "' is '" + format + "': allowed are text, json");
        }
        Map<String, Level> levels = new LinkedHashMap<>();
        for (String key : config.stringPropertyNames()) {
            if (key.startsWith(LEVELS)) {
                // Environment variables override levels as they do every key (Camel's name mapping).
                String fromEnvironment = System.getenv(ConfigurationCheck.environmentName(key));
                String value = (fromEnvironment != null ? fromEnvironment : config.getProperty(key)).strip().toUpperCase(java.util.Locale.ROOT);
                Level level = Level.getLevel(value);
                if (level == null) {
                    throw new IllegalArgumentException("configuration key '" + key + "' is '" + value
                            + "': allowed are OFF, FATAL, ERROR, WARN, INFO, DEBUG, TRACE, ALL");
                }
                levels.put(key.substring(LEVELS.length()), level);
            }
        }
        if (!format.equals(System.getProperty(FORMAT))) {
            System.setProperty(FORMAT, format);
            LoggerContext.getContext(false).reconfigure();
        }
        Configurator.setLevel(levels);
        String summarised = config.getProperty(SUMMARISED, "");
        ParserChatter.install(java.util.Arrays.stream(summarised.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList());
    }
}
