package io.docingest.source;

import io.docingest.document.IngestDocument;
import io.docingest.document.Status;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What the NAS source does with a file once the pipeline is done with it: keep it (the default;
 * the persistent repository remembers it), move it under {@code ingest.nas.move-to}, or delete
 * it. Only after success (indexed, skipped, already indexed): a parked file stays where it was, to
 * be fixed or re-driven. Camel's file component can move or delete on its own, but its choice is
 * fixed in the endpoint and it cannot tell a parked document (a handled error) from an indexed one.
 */
public class NasAfterSuccess {

    private final String mode;
    private final Path root;
    private final String moveTo;

    public NasAfterSuccess(String mode, Path root, String moveTo) {
        this.mode = mode;
        this.root = root.toAbsolutePath().normalize();
        this.moveTo = moveTo;
    }

    public void apply(Exchange exchange) throws IOException {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        if (mode.equals("keep") || doc == null || doc.getOutcome() == Status.FAILED) {
            return;
        }
        Path file = doc.getEvent().localPath().toAbsolutePath().normalize();
        if (mode.equals("delete")) {
            Files.deleteIfExists(file);
            return;
        }
        Path target = root.resolve(moveTo).resolve(root.relativize(file)).normalize();
        Files.createDirectories(target.getParent());
        Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
