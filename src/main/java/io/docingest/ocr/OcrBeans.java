package io.docingest.ocr;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/** Tesseract, from ingest.ocr: one engine per page worker of both lanes (camel.threadpool, page-workers). */
public class OcrBeans implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public OcrSettings ocrSettings(@PropertyInject("ingest.ocr.tessdata") String tessdata,
                                   @PropertyInject("ingest.ocr.languages") String languages,
                                   @PropertyInject("ingest.ocr.page-segmentation-mode") int pageSegmentationMode,
                                   @PropertyInject("ingest.ocr.engine-mode") int engineMode,
                                   @PropertyInject("ingest.ocr.preserve-interword-spaces") boolean preserveSpaces,
                                   @PropertyInject("ingest.ocr.orientation-check-below") int orientationCheckBelow) {
        return new OcrSettings(tessdata, languages, pageSegmentationMode, engineMode, preserveSpaces, orientationCheckBelow);
    }

    /** Engines in this JVM: used when ingest.extract.isolation is none (extractor processes hold their own). */
    @BindToRegistry(lazy = true)
    public TesseractPool tesseractPool(CamelContext camel, OcrSettings settings,
                                       @PropertyInject("ingest.pages.parallelism") int parallelism,
                                       @PropertyInject("ingest.pages.priority-parallelism") int priorityParallelism)
            throws Exception {
        TesseractPool pool = new TesseractPool(settings, parallelism + priorityParallelism);
        // A Service bean is not started by being bound: the context starts and stops it with itself.
        camel.addService(pool);
        return pool;
    }
}
