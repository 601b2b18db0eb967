package io.docingest.source;

import io.docingest.document.DeleteFileOnCompletion;
import org.apache.camel.Exchange;
import org.apache.camel.Message;


import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Makes a posted upload a file on disk, hashed, never held in the heap: a multipart form's file
 * part is already one (Vert.x writes parts to its uploads directory as they arrive); a raw body
 * reaches here as a stream ({@code useStreaming} on its endpoint) and is copied into a private
 * temp file, removed when the exchange completes.
 */
public class UploadSpool {

    /** The upload's SHA-256, hex, as an exchange property. */
    public static final String SHA256 = "ingestUploadSha256";
    private static final String EMPTY = "the upload is empty: POST the file as the body or as a multipart part";

    private final Path workDir;
    private final long maxBytes;

    public UploadSpool(String workDir, long maxBytes) {
        this.workDir = DeleteFileOnCompletion.workDir(workDir);
        this.maxBytes = maxBytes;
    }

    /** The upload's size; the body becomes its file. Fails on an empty or over-large upload. */
    long spool(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        long size;
        if (in.getBody() instanceof File part) {
            try (InputStream content = Files.newInputStream(part.toPath())) {
                size = copy(content, OutputStream.nullOutputStream(), exchange);
            }
        } else {
            Path file = DeleteFileOnCompletion.createFor(exchange, workDir, "upload-", ".bin");
            try (InputStream body = in.getBody(InputStream.class);
                 OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
                size = body == null ? 0 : copy(body, out, exchange);
            }
            in.setBody(file.toFile());
        }
        if (size == 0) {
            throw new IllegalArgumentException(EMPTY);
        }
        return size;
    }

    /** Copies at most maxBytes, hashing them: one byte more is the caller's error. */
    private long copy(InputStream content, OutputStream out, Exchange exchange) throws IOException {
        MessageDigest sha256 = sha256();
        long copied = 0;
        byte[] buffer = new byte[64 * 1024];
        for (int read = content.read(buffer); read >= 0; read = content.read(buffer)) {
            copied += read;
            if (copied > maxBytes) {
                throw new IllegalArgumentException("the upload is over ingest.limits.max-object-bytes (" + maxBytes + " bytes)");
            }
            sha256.update(buffer, 0, read);
            out.write(buffer, 0, read);
        }
        exchange.setProperty(SHA256, HexFormat.of().formatHex(sha256.digest()));
        return copied;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
