package io.docingest.thumbnail;

import io.docingest.config.Limits;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** The bean of routes/pipeline/thumbnail.yaml, from ingest.thumbnail. */
public class ThumbnailBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public ThumbnailRenderer thumbnailRenderer(@PropertyInject("ingest.thumbnail.max-size") int maxSize,
                                               @PropertyInject("ingest.thumbnail.jpeg-quality") float quality,
                                               @PropertyInject("ingest.thumbnail.render-dpi") int renderDpi,
                                               @PropertyInject("ingest.thumbnail.url-prefix") String urlPrefix,
                                               Limits limits) {
        return new ThumbnailRenderer(maxSize, quality, renderDpi, urlPrefix, limits.maxPixelsPerPage());
    }
}
