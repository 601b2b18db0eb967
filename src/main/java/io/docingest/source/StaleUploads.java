package io.docingest.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.document.FileEvent;
import io.docingest.status.StatusIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The sweep that makes storing and announcing an upload safe against the worker stopping in
 * between: an upload recorded as queued for longer than {@code ingest.upload.stale-after-seconds}
 * is announced again if its object is stored (a repeated announcement costs one status lookup),
 * and recorded as failed if it never arrived (the client's retry then takes it again).
 */
public class StaleUploads {

    private static final Logger LOG = LoggerFactory.getLogger(StaleUploads.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StatusIndex status;
    private final S3Client s3;
    private final Duration staleAfter;

    public StaleUploads(StatusIndex status, S3Client s3, Duration staleAfter) {
        this.status = status;
        this.s3 = s3;
        this.staleAfter = staleAfter;
    }

    /** The announcements to send again, in the shape upload.yaml sends them. */
    public List<String> announcements() throws IOException {
        List<String> announcements = new ArrayList<>();
        Instant staleBefore = Instant.now().minus(staleAfter);
        for (FileEvent queued : status.staleQueued("http-upload", staleBefore)) {
            try {
                HeadObjectResponse head = s3.headObject(h -> h.bucket(queued.bucket()).key(queued.key()));
                FileEvent stored = FileEvent.fromS3(queued.bucket(), queued.key(), head.contentLength(), head.eTag(), null, null,
                        queued.eventTime(), queued.source());
                if (status.claimReannouncement(stored, staleBefore)) {
                    announcements.add(JSON.writeValueAsString(stored.transformedShape()));
                    LOG.warn("Upload {} was stored but not announced (its worker stopped in between): announced again", queued.key());
                }
            } catch (NoSuchKeyException e) {
                status.uploadLost(queued, "the upload never arrived whole: its worker stopped while receiving it; upload it again");
                LOG.warn("Upload {} was never stored (its worker stopped while receiving it): recorded as failed", queued.key());
            }
        }
        return announcements;
    }
}
