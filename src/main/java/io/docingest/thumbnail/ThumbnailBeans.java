package io.docingest.thumbnail;

import io.docingest.config.Limits;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import software.amazon.awssdk.services.s3.S3Client;

/** The beans of routes/pipeline/thumbnail.yaml, from ingest.thumbnail, and the remover a deletion uses. */
public class ThumbnailBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public ThumbnailRenderer thumbnailRenderer(@PropertyInject("ingest.thumbnail.max-size") int maxSize,
                                               @PropertyInject("ingest.thumbnail.jpeg-quality") float quality,
                                               @PropertyInject("ingest.thumbnail.render-dpi") int renderDpi,
                                               @PropertyInject("ingest.thumbnail.url-prefix") String urlPrefix,
                                               Limits limits) {
        return new ThumbnailRenderer(maxSize, quality, renderDpi, urlPrefix, limits.maxPixelsPerPage());
    }

    @BindToRegistry(lazy = true)
    public ThumbnailRemover thumbnailRemover(CamelContext camel) {
        return new ThumbnailRemover(() -> camel.getRegistry().lookupByNameAndType("s3Client", S3Client.class));
    }
}
