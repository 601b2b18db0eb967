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
 * it. Only once it is indexed (or found indexed already): a parked file stays where it was, to
 * be fixed or re-driven, and a skipped one (DocuWorks, an unsupported type) stays on the share,
 * where people still look for it. Camel's file component can move or delete on its own, but its choice is
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
        // Skipped files stay too: a DocuWorks file deleted from the share would never be found again.
        if (mode.equals("keep") || doc == null
                || doc.getOutcome() != Status.INDEXED && doc.getOutcome() != Status.ALREADY_INDEXED) {
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
