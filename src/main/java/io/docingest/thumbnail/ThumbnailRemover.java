package io.docingest.thumbnail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Removes the thumbnail a removed file document pointed to ({@code thumbnail_url}: {@code s3://}
 * in aws, {@code file:} locally). Hand-written because the thumbnail endpoint is configured as a
 * Camel URI, and Camel's file producer has no delete.
 */
public class ThumbnailRemover {

    private static final Logger LOG = LoggerFactory.getLogger(ThumbnailRemover.class);

    /** Looked up on first use: local mode, whose thumbnails are files, never builds an S3 client. */
    private final Supplier<S3Client> s3;

    public ThumbnailRemover(Supplier<S3Client> s3) {
        this.s3 = s3;
    }

    public void remove(String url) throws IOException {
        if (url == null || url.isBlank() || "null".equals(url)) {
            return;
        }
        if (url.startsWith("s3://")) {
            URI location = URI.create(url);
            s3.get().deleteObject(d -> d.bucket(location.getHost()).key(location.getPath().substring(1)));
        } else if (url.startsWith("file:")) {
            Files.deleteIfExists(Path.of(url.substring("file:".length())));
        } else {
            LOG.warn("Thumbnail {} left in place: only s3:// and file: thumbnails can be removed", url);
        }
    }
}
