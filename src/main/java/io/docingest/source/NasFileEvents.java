package io.docingest.source;

import org.apache.camel.Exchange;

import java.io.File;
import java.time.Instant;

/**
 * Turns a file picked up from a watched folder (a NAS share mounted over SMB or NFS) into the
 * pipeline's {@link FileEvent}. The key is the path relative to the watched folder; size and
 * modification time stand in for the etag, so a file rewritten in place is a new version.
 */
public class NasFileEvents {

    public static final String SOURCE = "nas";

    public FileEvent toFileEvent(Exchange exchange) {
        File file = exchange.getMessage().getBody(File.class);
        String relative = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class).replace(File.separatorChar, '/');
        long size = file.length();
        long modified = file.lastModified();
        return new FileEvent(SOURCE, relative, size, size + "-" + modified, null,
                Instant.ofEpochMilli(modified), SOURCE, file.toPath().toAbsolutePath());
    }
}
