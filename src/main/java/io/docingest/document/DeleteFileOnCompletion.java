package io.docingest.document;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Removes a spooled temp file once its exchange is done, on success and on failure alike. */
public final class DeleteFileOnCompletion extends SynchronizationAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(DeleteFileOnCompletion.class);

    private final Path file;

    public DeleteFileOnCompletion(Path file) {
        this.file = file;
    }

    @Override
    public void onDone(Exchange exchange) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete temp file {}: {}", file, e.getMessage());
        }
    }
}
