package io.docingest.source;

import io.docingest.document.FileEvent;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;

import java.io.File;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Turns a file picked up by a polling source (a NAS share mounted over SMB or NFS, or a remote
 * folder fetched to a local work directory: FTP, SFTP) into the pipeline's {@link FileEvent}. The
 * key is the source's name and the path relative to the polled folder, the bucket field names the source; size and
 * modification time stand in for the etag, so a file rewritten in place is a new version.
 */
public class PolledFileEvents {

    public FileEvent toFileEvent(Exchange exchange, String source) {
        String relative = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class).replace(File.separatorChar, '/');
        return event(source, relative, localFile(exchange).toPath());
    }

    /** The event for a file at {@code relative} (with '/') under the folder that {@code source} polls. */
    static FileEvent event(String source, String relative, Path file) {
        long size = file.toFile().length();
        long modified = file.toFile().lastModified();
        // The source names the key's first segment: two sources' "scan-0001.pdf" are two files.
        return new FileEvent(source, source + "/" + relative, size, version(size, modified), null, null,
                Instant.ofEpochMilli(modified), source, file.toAbsolutePath(), false, false);
    }

    /** What stands in for a polled file's etag: its size and modification time. */
    public static String version(Path file) {
        return version(file.toFile().length(), file.toFile().lastModified());
    }

    private static String version(long size, long modified) {
        return size + "-" + modified;
    }

    /** The file on this machine: the file component's own, or a remote file's copy in its localWorkDirectory. */
    private static File localFile(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof GenericFile<?> generic && generic.getBody() instanceof File local) {
            return local;
        }
        File file = exchange.getMessage().getBody(File.class);
        if (file == null || !file.isFile()) {
            throw new IllegalArgumentException("the source gave no local file: a remote endpoint needs localWorkDirectory");
        }
        return file;
    }
}
