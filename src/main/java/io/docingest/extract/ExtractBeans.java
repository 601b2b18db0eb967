package io.docingest.extract;

import io.docingest.config.Limits;
import io.docingest.ocr.TesseractPool;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** The beans of routes/pipeline/extract.yaml, from ingest.pages. */
public class ExtractBeans implements CamelConfiguration {

    // One set of PDFBox handles, shared by the batch extractor and the assembler that closes them.
    private final PdfHandles pdfHandles = new PdfHandles();

    @BindToRegistry(lazy = true)
    public PagePlanner pagePlanner(@PropertyInject("ingest.pages.batch-size") int batchSize, Limits limits) {
        return new PagePlanner(batchSize, limits);
    }

    @BindToRegistry(lazy = true)
    public PageBatchExtractor pageBatchExtractor(TesseractPool tesseract, Limits limits,
                                                 @PropertyInject("ingest.pages.text-layer-min-chars") int textLayerMinChars,
                                                 @PropertyInject("ingest.pages.dpi") int dpi) {
        return new PageBatchExtractor(tesseract, pdfHandles, textLayerMinChars, dpi, limits);
    }

    @BindToRegistry(lazy = true)
    public PageOrderAggregation pageOrder() {
        return new PageOrderAggregation();
    }

    @BindToRegistry(lazy = true)
    public TextAssembler textAssembler() {
        return new TextAssembler(pdfHandles);
    }
}
