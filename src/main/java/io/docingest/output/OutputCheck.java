package io.docingest.output;

import org.apache.camel.Exchange;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * After an output is stored (routes/pipeline/output.yaml), before the document is indexed and its
 * message deleted: the output is there, with the size written, and it is what this exchange wrote
 * (an S3 object with the ETag its put was answered with, S3 having checked the body's MD5 on
 * arrival; a file whose MD5 read back is the one written, in the output folder or on the share
 * beside its original). Otherwise the document fails as a
 * transient failure and is retried, the reason recorded.
 */
public class OutputCheck {

    private final String uri;
    private final Path share;
    private final Supplier<S3Client> s3;

    public OutputCheck(String uri, Path share, Supplier<S3Client> s3) {
        this.uri = uri;
        this.share = share;
        this.s3 = s3;
    }

    public void verify(Exchange exchange) throws IOException {
        long size = exchange.getProperty(OutputNaming.SIZE, Long.class);
        String md5 = exchange.getProperty(OutputNaming.MD5, String.class);
        String key = exchange.getMessage().getHeader("CamelAwsS3Key", String.class);
        if (exchange.getProperty(OutputNaming.BESIDE, false, Boolean.class)) {
            verifyFile(share.resolve(exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class)), size, md5);
        } else if (uri.startsWith("aws2-s3:")) {
            String bucket = location(uri, "aws2-s3:");
            HeadObjectResponse head = s3.get().headObject(h -> h.bucket(bucket).key(key));
            String written = exchange.getMessage().getHeader("CamelAwsS3ETag", String.class);
            if (head.contentLength() != size || written != null && !written.equals(head.eTag())) {
                throw new IOException("output s3://" + bucket + "/" + key + " is not what was written: " + head.contentLength()
                        + " bytes, etag " + head.eTag() + " (wrote " + size + " bytes, etag " + written + ")");
            }
        } else if (uri.startsWith("file:")) {
            verifyFile(Path.of(location(uri, "file:")).resolve(key), size, md5);
        }
    }

    private static void verifyFile(Path file, long size, String md5) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) != size || !md5.equals(OutputNaming.md5(file))) {
            throw new IOException("output " + file + " is missing or not what was written (" + size + " bytes)");
        }
    }

    /** The bucket or folder of an endpoint URI: what follows the scheme, up to its options. */
    static String location(String uri, String scheme) {
        String rest = uri.substring(scheme.length()).replaceFirst("^//", "");
        int options = rest.indexOf('?');
        return options < 0 ? rest : rest.substring(0, options);
    }
}
