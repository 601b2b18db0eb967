package io.docingest.fetch;

import io.docingest.document.IngestDocument;
import io.docingest.document.PermanentFailureException;
import org.apache.camel.Exchange;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Sorts S3's refusals into the taxonomy: the object is gone (404) or S3 refuses the request for
 * good (another 4xx: a key S3 will not serve, no permission) is permanent; throttling (429, 503
 * slow-down), timeouts and 5xx are transient and go back to redelivery as they are.
 */
public class S3FailureClassifier {

    public void rethrow(Exchange exchange) throws Exception {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught instanceof S3Exception s3) {
            IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
            String object = "s3://" + doc.getEvent().bucket() + "/" + doc.getEvent().key();
            int status = s3.statusCode();
            if (status == 404) {
                throw new PermanentFailureException("object is gone: " + object + " (" + s3.getClass().getSimpleName() + ")");
            }
            if (status >= 400 && status < 500 && status != 408 && status != 429) {
                throw new PermanentFailureException("S3 refuses " + object + ": HTTP " + status + " "
                        + (s3.awsErrorDetails() == null ? "" : s3.awsErrorDetails().errorCode()));
            }
        }
        throw caught;
    }
}
