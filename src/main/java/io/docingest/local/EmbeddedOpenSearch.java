package io.docingest.local;

import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A real single-node OpenSearch cluster in this JVM, listening on loopback: the local runner's
 * search engine and the tests' index. It loads its plugins from the classpath (HTTP transport,
 * common analysis, kuromoji, painless, reindex (delete-by-query) and, when its jars are on the classpath, k-NN with the lucene
 * engine) instead of a plugins directory, which is why it subclasses {@link Node}.
 */
public final class EmbeddedOpenSearch implements AutoCloseable {

    private static final String KNN_PLUGIN = "org.opensearch.knn.plugin.KNNPlugin";

    private final Node node;

    private EmbeddedOpenSearch(Node node) {
        this.node = node;
    }

    /** Starts a node keeping its data under {@code home}; {@code httpPort} 0 picks a free port. */
    public static EmbeddedOpenSearch start(Path home, int httpPort) throws Exception {
        Settings settings = Settings.builder()
                .put("cluster.name", "doc-ingest-local")
                .put("node.name", "local")
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("discovery.type", "single-node")
                .put("network.host", "127.0.0.1")
                .put("http.port", httpPort)
                .put("transport.port", 0)
                // A laptop or CI disk may be fuller than a cluster's: never turn read-only here.
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .build();
        Node node = new PluginAwareNode(settings, plugins());
        node.start();
        return new EmbeddedOpenSearch(node);
    }

    public int httpPort() {
        return node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().getPort();
    }

    public String hostAddress() {
        return "127.0.0.1:" + httpPort();
    }

    @Override
    public void close() throws IOException {
        node.close();
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends Plugin>> plugins() {
        List<Class<? extends Plugin>> plugins = new ArrayList<>(List.of(
                org.opensearch.transport.Netty4Plugin.class,
                org.opensearch.analysis.common.CommonAnalysisPlugin.class,
                org.opensearch.plugin.analysis.kuromoji.AnalysisKuromojiPlugin.class,
                org.opensearch.painless.PainlessPlugin.class,
                org.opensearch.index.reindex.ReindexPlugin.class));
        try {
            plugins.add((Class<? extends Plugin>) Class.forName(KNN_PLUGIN));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the k-NN plugin jars are not on the classpath (see README: local runner)", e);
        }
        return plugins;
    }

    private static final class PluginAwareNode extends Node {
        PluginAwareNode(Settings settings, Collection<Class<? extends Plugin>> plugins) {
            super(InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "local"), plugins, true);
        }
    }
}
