package io.docingest.fetch;

import io.docingest.document.IngestDocument;
import io.docingest.document.PermanentFailureException;
import io.docingest.document.SupersededException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.Set;

/**
 * Sorts S3's refusals into the taxonomy: the object changed since the event (412 to the fetch
 * conditional on its etag) supersedes this version; the object is gone (404) or S3 refuses this request for
 * good (another 4xx: a key S3 will not serve, an archived object) is permanent. A refusal of the
 * worker itself is not the document's fault and passes with time: a clock out of step, an
 * expired token, a role or policy being rolled out (401, 403, and 400 with a credentials code).
 * Those, throttling (429, 503 slow-down), timeouts and 5xx are transient and go back to
 * redelivery as they are; the credential ones are also logged as errors, since a person may have
 * to act, and the S3 readiness probe fails with the same reason meanwhile.
 */
public class S3FailureClassifier {

    private static final Logger LOG = LoggerFactory.getLogger(S3FailureClassifier.class);
    private static final Set<String> CREDENTIAL_CODES = Set.of("RequestTimeTooSkewed", "ExpiredToken",
            "TokenRefreshRequired", "InvalidToken", "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied",
            "AllAccessDisabled", "AuthorizationHeaderMalformed");

    public void rethrow(Exchange exchange) throws Exception {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught instanceof S3Exception s3) {
            IngestDocument doc = exchange.getProperty(IngestDocument.PROPERTY, IngestDocument.class);
            String object = "s3://" + doc.getEvent().bucket() + "/" + doc.getEvent().key();
            int status = s3.statusCode();
            String code = s3.awsErrorDetails() == null || s3.awsErrorDetails().errorCode() == null ? ""
                    : s3.awsErrorDetails().errorCode();
            if (status == 412) {
                throw new SupersededException(doc, "the object changed since the event: S3 answered 412 to the fetch of etag "
                        + doc.getEvent().etag());
            }
            if (status == 404) {
                throw new PermanentFailureException("object is gone: " + object + " (" + s3.getClass().getSimpleName() + ")");
            }
            if (status == 401 || status == 403 || CREDENTIAL_CODES.contains(code)) {
                LOG.error("S3 refuses this worker ({} {}) reading {}: retried until it does not; check the instance's "
                        + "clock and role", status, code, object);
                throw caught;
            }
            if (status >= 400 && status < 500 && status != 408 && status != 429) {
                throw new PermanentFailureException("S3 refuses " + object + ": HTTP " + status + " " + code);
            }
        }
        throw caught;
    }
}
