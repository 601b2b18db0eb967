package io.docingest.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.config.Limits;
import io.docingest.document.BesideOriginal;
import io.docingest.document.KeyPrefixes;
import io.docingest.options.ProcessorTypes;
import io.docingest.status.StatusIndex;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;

/** The beans the sources under routes/sources/ use, from ingest.sqs, ingest.nas and ingest.upload. */
public class SourceBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public S3EventParser s3EventParser() {
        return new S3EventParser(new ObjectMapper());
    }

    @BindToRegistry(lazy = true)
    public PolledFileEvents polledFileEvents() {
        return new PolledFileEvents();
    }

    @BindToRegistry(lazy = true)
    public NasAfterSuccess nasAfterSuccess(@PropertyInject("ingest.nas.after-success") String mode,
                                           @PropertyInject("ingest.nas.dir") String dir,
                                           @PropertyInject("ingest.nas.move-to") String moveTo) {
        return new NasAfterSuccess(mode, Path.of(dir), moveTo);
    }

    @BindToRegistry(lazy = true)
    public NasFileFilter nasFiles(@PropertyInject("ingest.nas.follow-symlinks") boolean followSymlinks, BesideOriginal outputs) {
        return new NasFileFilter(followSymlinks, outputs);
    }

    @BindToRegistry(lazy = true)
    public FolderMirror nasMirror(StatusIndex status, @PropertyInject("ingest.nas.dir") String dir,
                                  @PropertyInject("ingest.nas.mirror.max-deletions") int maxDeletions) {
        return new FolderMirror(status, Path.of(dir), maxDeletions);
    }

    @BindToRegistry(lazy = true)
    public IdempotentRepository nasSeenFiles(@PropertyInject("ingest.nas.seen-files") String file,
                                             @PropertyInject("ingest.nas.seen-files-max") int max) {
        return FileIdempotentRepository.fileIdempotentRepository(new File(file), max);
    }

    @BindToRegistry(lazy = true)
    public BucketListing bucketListing(S3Client s3, SqsClient sqs, KeyPrefixes prefixes,
                                       @PropertyInject("ingest.s3.bucket") String bucket,
                                       @PropertyInject("ingest.sqs.queue") String queue) {
        return new BucketListing(s3, sqs, bucket, prefixes, queue);
    }

    @BindToRegistry(lazy = true)
    public Uploads uploads(KeyPrefixes prefixes, StatusIndex status, ProcessorTypes processorTypes, Limits limits,
                           @PropertyInject("ingest.s3.bucket") String bucket, @PropertyInject("ingest.work-dir") String workDir) {
        return new Uploads(bucket, prefixes, status, processorTypes, new UploadSpool(workDir, limits.maxObjectBytes()));
    }

    @BindToRegistry(lazy = true)
    public ProcessRequests processRequests(S3Client s3, StatusIndex status,
                                           @PropertyInject("ingest.process-api.buckets") String buckets) {
        return new ProcessRequests(s3, status, buckets);
    }

    @BindToRegistry(lazy = true)
    public StaleUploads staleUploads(StatusIndex status, S3Client s3,
                                     @PropertyInject("ingest.upload.stale-after-seconds") int staleAfterSeconds) {
        return new StaleUploads(status, s3, Duration.ofSeconds(staleAfterSeconds));
    }

    @BindToRegistry(lazy = true)
    public UploadFolder uploadFolder(@PropertyInject("ingest.nas.dir") String nasDir,
                                     @PropertyInject("ingest.upload.folder") String folder,
                                     @PropertyInject("ingest.nas.include") String include,
                                     @PropertyInject("ingest.nas.exclude") String exclude, BesideOriginal outputs) {
        Path root = Path.of(nasDir);
        return new UploadFolder(root.resolve(folder), root, include, exclude, outputs);
    }
}
