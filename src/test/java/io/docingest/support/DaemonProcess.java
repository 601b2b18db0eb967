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
 * The daemon as a separate JVM, started the way systemd starts it (the main class, the working
 * directory holding config/ and routes/), for what cannot happen inside the test JVM: kill -9,
 * SIGTERM, and a drain that ends in System.exit. Settings reach it as -D system properties, which
 * Camel's property resolution lets override the YAML.
 */
public final class DaemonProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    public DaemonProcess(String name, Properties settings) throws IOException {
        log = Path.of("target", "daemon-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path")));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("io.docingest.IngestApplication");
        ProcessBuilder builder = new ProcessBuilder(command).directory(new File(".")).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("INGEST_PROFILE", "test", "OMP_THREAD_LIMIT", "1"));
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
