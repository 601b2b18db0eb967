package io.docingest.config;

import org.apache.camel.CamelContext;

/**
 * Typed access to the resolved configuration (YAML, profile, environment), with errors that name
 * the key an operator has to fix.
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
        String value = text(key).strip();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration key '" + key + "' must be an integer, was '" + value + "'");
        }
    }

    public int positive(String key) {
        int value = integer(key);
        if (value < 1) {
            throw new IllegalArgumentException("configuration key '" + key + "' must be at least 1, was " + value);
        }
        return value;
    }

    public long positiveLong(String key) {
        String value = text(key).strip();
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("configuration key '" + key + "' must be a whole number of at least 1, was '" + value + "'");
    }

    public float decimal(String key) {
        String value = text(key).strip();
        try {
            return Float.parseFloat(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration key '" + key + "' must be a number, was '" + value + "'");
        }
    }

    public boolean flag(String key) {
        String value = text(key).strip();
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("configuration key '" + key + "' must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }
}
