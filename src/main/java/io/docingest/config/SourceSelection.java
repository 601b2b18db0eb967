package io.docingest.config;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.util.URISupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The sources a worker runs, switched on by name: {@code ingest.sources.enabled} lists them, and
 * each is one file, {@code <ingest.sources.dir>/<name>.yaml}. Camel loads the routes of
 * {@code camel.main.routes-include-pattern} (everything but the sources) plus those files. A name
 * without a file, or two sources consuming one endpoint (two uploads on {@code POST /documents}),
 * stops start-up naming them.
 */
public final class SourceSelection extends MainListenerSupport {

    static final String ENABLED = "ingest.sources.enabled";
    static final String DIR = "ingest.sources.dir";
    private static final String INCLUDE = "camel.main.routes-include-pattern";

    private final Path dir;

    private SourceSelection(Path dir) {
        this.dir = dir;
    }

    /**
     * Adds the enabled sources to the include pattern in {@code overrides} and returns the check
     * that runs once the routes are loaded. A value is taken as Camel would: overrides, then the
     * environment, then the YAML.
     */
    public static SourceSelection apply(Properties yaml, Properties overrides, Map<String, String> environment) {
        Function<String, String> setting = key -> {
            String value = overrides.getProperty(key, environment.get(ConfigurationCheck.environmentName(key)));
            return value != null ? value : yaml.getProperty(key, "");
        };
        Path dir = Path.of(setting.apply(DIR));
        List<String> include = new ArrayList<>(List.of(setting.apply(INCLUDE).split(",")));
        include.removeIf(String::isBlank);
        for (String name : Arrays.stream(setting.apply(ENABLED).split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList()) {
            Path file = dir.resolve(name + ".yaml");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("configuration key '" + ENABLED + "' names the source '" + name
                        + "', but there is no " + file + " (sources there: " + available(dir) + ")");
            }
            include.add("file:" + file);
        }
        overrides.setProperty(INCLUDE, String.join(",", include));
        return new SourceSelection(dir);
    }

    private static String available(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return String.join(", ", files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList());
        } catch (java.io.IOException e) {
            return "none: " + e.getMessage();
        }
    }

    /** Camel would refuse a second consumer of one endpoint too, but without saying which sources to switch off. */
    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext camel = main.getCamelContext();
        Map<String, RouteDefinition> consumers = new LinkedHashMap<>();
        for (RouteDefinition route : camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
            String endpoint = endpoint(camel, route);
            RouteDefinition first = consumers.putIfAbsent(normalized(endpoint), route);
            if (first != null) {
                throw new IllegalArgumentException("sources " + source(first) + " and " + source(route)
                        + " both consume " + endpoint + ": switch one off in " + ENABLED);
            }
        }
    }

    private String source(RouteDefinition route) {
        String location = route.getResource() == null ? null : route.getResource().getLocation();
        if (location == null || !location.contains(dir.toString())) {
            return "'" + route.getRouteId() + "' (not a source file)";
        }
        String file = location.substring(location.lastIndexOf('/') + 1);
        return "'" + file.substring(0, file.length() - ".yaml".length()) + "' (" + dir.resolve(file) + ")";
    }

    /** The endpoint a route consumes, with its template's parameters and the configuration's placeholders filled in. */
    private static String endpoint(CamelContext camel, RouteDefinition route) {
        String uri = route.getInput().getEndpointUri();
        Map<String, Object> parameters = route.getTemplateParameters();
        if (parameters != null) {
            for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
                uri = uri.replace("{{" + parameter.getKey() + "}}", String.valueOf(parameter.getValue()));
            }
        }
        try {
            return camel.resolvePropertyPlaceholders(uri);
        } catch (RuntimeException e) {
            return uri;  // a placeholder only a template can fill: compared as written
        }
    }

    private static String normalized(String uri) {
        try {
            return URISupport.normalizeUri(uri);
        } catch (Exception e) {
            return uri;
        }
    }
}
