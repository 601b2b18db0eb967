package io.docingest.fetch;

import io.docingest.document.DeleteFileOnCompletion;
import io.docingest.document.IngestDocument;
import io.docingest.document.LimitExceededException;
import io.docingest.source.FileUserMetadata;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Streams the fetched object (the aws2-s3 getObject body) into a temp file readable only by this
 * process's user, never holding the whole file in heap, and deletes it when the exchange completes
 * whatever the outcome. The temp name is random: the object key is never used as a path.
 */
public class ObjectSpooler {

    private final Path workDir;
    private final long maxBytes;

    public ObjectSpooler(String workDir, long maxBytes) {
        this.workDir = DeleteFileOnCompletion.workDir(workDir);
        this.maxBytes = maxBytes;
    }

    /** Before fetching: an event that announces an object over the limit is parked unread. */
    public void checkAnnouncedSize(Exchange exchange) {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        Long size = doc.getEvent().size();
        if (size != null && size > maxBytes) {
            throw tooLarge(size);
        }
    }

    public void spool(Exchange exchange) throws IOException {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        Path file = DeleteFileOnCompletion.createFor(exchange, workDir, "ingest-", ".bin");
        // The object's user metadata, as aws2-s3's getObject puts it in a header (the body may be
        // a stream cache by now, not the SDK's response stream). S3 returns a value that is not
        // ASCII (x-amz-meta-department: 経理) as RFC 2047 encoded words; the SDK leaves them so.
        Map<?, ?> metadata = exchange.getMessage().getHeader(AWS2S3Constants.METADATA, Map.class);
        if (metadata != null) {
            Map<String, String> userMetadata = new LinkedHashMap<>();
            metadata.forEach((name, value) -> userMetadata.put(String.valueOf(name),
                    DecoderUtil.decodeEncodedWords(String.valueOf(value), DecodeMonitor.SILENT)));
            doc.setMetadata(userMetadata);
        }
        try (InputStream body = exchange.getMessage().getMandatoryBody(InputStream.class)) {
            // Stop reading one byte past the limit: the announced size may be missing or wrong.
            // Written into the file created above: replacing it would drop its private permissions.
            long copied;
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
                copied = new BoundedInputStream(body, maxBytes + 1).transferTo(out);
            }
            if (copied > maxBytes) {
                throw tooLarge(copied);
            }
        } catch (org.apache.camel.InvalidPayloadException e) {
            throw new IOException("fetched object has no readable body", e);
        } finally {
            // Read or abandoned, the response stream is spent: nothing after this step (parking
            // included, whose route caches stream bodies) may try to read it again.
            exchange.getMessage().setBody(null);
        }
        doc.setFile(file);
    }

    /** Sources that already hold the file on disk (NAS folder) use it in place, with its extended attributes as metadata. */
    public void useLocal(Exchange exchange) throws IOException {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        Path file = doc.getEvent().localPath();
        if (Files.size(file) > maxBytes) {
            throw tooLarge(Files.size(file));
        }
        doc.setMetadata(FileUserMetadata.read(file));
        doc.setFile(file);
    }

    private LimitExceededException tooLarge(long size) {
        return new LimitExceededException("object is " + size + " bytes, over ingest.limits.max-object-bytes (" + maxBytes + ")");
    }
}
