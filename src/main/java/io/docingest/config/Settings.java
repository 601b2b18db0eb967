package io.docingest.config;

import org.apache.camel.CamelContext;

/**
 * Typed reads of the resolved configuration (YAML, profile, environment) for the few classes that
 * read many keys (clients, health checks). Values were checked against the schema before any bean
 * is built (ConfigurationCheck), so a read here only converts.
 */
public final class Settings {

    private final CamelContext camel;

    public Settings(CamelContext camel) {
        this.camel = camel;
    }

    public String text(String key) {
        return camel.getPropertiesComponent().resolveProperty(key)
                .orElseThrow(() -> new IllegalArgumentException("missing configuration key '" + key + "'"));
    }

    public int integer(String key) {
        return Integer.parseInt(text(key).strip());
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(text(key).strip());
    }
}
