package io.docingest.output;

import io.docingest.document.BesideOriginal;
import io.docingest.document.FileEvent;
import io.docingest.document.IngestDocument;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Names an output (the body: a file, or bytes) for the output endpoint: {@code <prefix><key><extension>},
 * mirroring the input's key, with its length, type and MD5 (S3 checks the body against it on
 * arrival); the MD5 and length stay on the exchange for {@link OutputCheck}. A file from the share
 * whose outputs go beside it ({@link BesideOriginal}) is named for that instead, and
 * {@link #BESIDE} says so to the route ({@link #REPLACES} when the output takes the original's place).
 */
public class OutputNaming {

    static final String MD5 = "ingestOutputMd5";
    static final String SIZE = "ingestOutputSize";
    /** True when the output is written on the share beside its original (routes/pipeline/output.yaml). */
    public static final String BESIDE = "ingestOutputBeside";
    /** True when the output is written over its original ({@link OriginalReplacement}). */
    public static final String REPLACES = "ingestOutputReplaces";

    private final String prefix;
    private final BesideOriginal beside;

    public OutputNaming(String prefix, BesideOriginal beside) {
        this.prefix = prefix;
        this.beside = beside;
    }

    public void name(Exchange exchange, String extension, String contentType) throws IOException, InvalidPayloadException {
        IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
        Message message = exchange.getMessage();
        Object body = message.getBody();
        long size;
        String md5;
        if (body instanceof File file) {
            size = Files.size(file.toPath());
            md5 = md5(file.toPath());
        } else {
            byte[] bytes = message.getMandatoryBody(byte[].class);
            size = bytes.length;
            md5 = md5(new java.io.ByteArrayInputStream(bytes));
        }
        exchange.setProperty(MD5, md5);
        exchange.setProperty(SIZE, size);
        // What the fetch of the input left (its user metadata, encoding, storage class …) is not the output's.
        message.removeHeaders("CamelAwsS3*");
        exchange.setProperty(REPLACES, beside.replaces(doc, extension));
        if (beside.applies(doc.getEvent())) {
            exchange.setProperty(BESIDE, true);
            message.setHeader(Exchange.FILE_NAME, beside.target(doc, extension));
            return;
        }
        exchange.setProperty(BESIDE, false);
        String key = key(doc.getEvent(), extension);
        message.setHeader("CamelAwsS3Key", key);
        message.setHeader("CamelAwsS3ContentLength", size);
        message.setHeader("CamelAwsS3ContentMD5", md5);
        message.setHeader("CamelAwsS3ContentType", contentType);
        message.setHeader(Exchange.FILE_NAME, key);
    }

    /** The output's key at the output endpoint (bucket or folder): {@code <prefix><key><extension>}. */
    String key(FileEvent event, String extension) {
        return prefix + event.key() + extension;
    }

    static String md5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return md5(in);
        }
    }

    /** MD5, base64, as S3's Content-MD5 takes it. */
    private static String md5(InputStream content) throws IOException {
        try (DigestInputStream in = new DigestInputStream(content, MessageDigest.getInstance("MD5"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return Base64.getEncoder().encodeToString(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }
}
