package io.docingest.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The jar that ships, {@code target/doc-ingest-daemon.jar}, in a JVM of its own, started the way
 * systemd starts it ({@code java -jar}, the working directory holding config/ and routes/), for
 * what cannot happen inside the test JVM: kill -9, SIGTERM, a drain that ends in System.exit, and
 * what only the packaged jar can get wrong (its merged Log4j plugins). Settings reach it as -D
 * system properties, which Camel's property resolution lets override the YAML. The tests that use
 * it are *IT classes, run after the jar is built.
 */
public final class DaemonProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    public static final Path JAR = Path.of("target", "doc-ingest-daemon.jar");

    public DaemonProcess(String name, Properties settings) throws IOException {
        this(name, settings, "test", Map.of());
    }

    public DaemonProcess(String name, Properties settings, String profile, Map<String, String> environment) throws IOException {
        this(name, settings, profile, environment, "1g");
    }

    /** The jar under {@code profile} with a heap of at most {@code heap}, with {@code environment} added to a copy of this JVM's. */
    public DaemonProcess(String name, Properties settings, String profile, Map<String, String> environment, String heap)
            throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: these tests run after the package phase (mvn verify)");
        }
        log = Path.of("target", "daemon-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(new File(".")).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("INGEST_PROFILE", profile, "OMP_THREAD_LIMIT", "1"));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** SIGTERM, as systemd's stop sends. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: no hook, no drain, no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits for the process to end; returns its exit code, or -1 if it is still running. */
    public int waitForExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
