package io.docingest.document;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Removes a spooled temp file (or a temp folder and what is in it) once its exchange is done, on success and on failure alike. */
public final class DeleteFileOnCompletion extends SynchronizationAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(DeleteFileOnCompletion.class);

    private final Path file;

    public DeleteFileOnCompletion(Path file) {
        this.file = file;
    }

    /** The configured {@code ingest.work-dir}, or the JVM's temp directory when it is empty. */
    public static Path workDir(String configured) {
        return Path.of(configured == null || configured.isBlank() ? System.getProperty("java.io.tmpdir") : configured);
    }

    /**
     * A new temp file in {@code dir} (made if missing), readable only by this process's user, with a
     * random name (never one taken from the input), deleted when {@code exchange} completes.
     */
    public static Path createFor(Exchange exchange, Path dir, String prefix, String suffix) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, prefix, suffix,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        exchange.getExchangeExtension().addOnCompletion(new DeleteFileOnCompletion(file));
        return file;
    }

    /** A new private temp folder in {@code dir}, removed with its files when {@code exchange} completes. */
    public static Path createDirFor(Exchange exchange, Path dir, String prefix) throws IOException {
        Files.createDirectories(dir);
        Path folder = Files.createTempDirectory(dir, prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        exchange.getExchangeExtension().addOnCompletion(new DeleteFileOnCompletion(folder));
        return folder;
    }

    @Override
    public void onDone(Exchange exchange) {
        if (Files.isDirectory(file)) {
            try (var files = Files.list(file)) {
                files.forEach(DeleteFileOnCompletion::delete);
            } catch (IOException e) {
                LOG.warn("Could not list temp folder {}: {}", file, e.getMessage());
            }
        }
        delete(file);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete temp file {}: {}", file, e.getMessage());
        }
    }
}
