package io.docingest.document;

import java.util.Locale;

/**
 * Outputs written on the share, beside the file they are of ({@code ingest.nas.outputs-beside}),
 * as paperless-ngx keeps its archive copy beside the original: {@code <name><suffix>.pdf} and
 * {@code .json}, a PDF's own extension dropped ({@code report.pdf} → {@code report.ocr.pdf}) and
 * any other kept ({@code fax.tif} → {@code fax.tif.ocr.pdf}), so a scan and its TIFF do not share
 * one and no output is named as its original (the suffix is never empty). Files so named are the
 * pipeline's: the share's poller never takes them (NasFileFilter), and
 * one already there (a copy OCRmyPDF left, say) is taken for an earlier output and replaced.
 */
public class BesideOriginal {

    /** The source name the share's files are recorded under (routes/sources/nas.yaml). */
    static final String NAS = "nas";

    private final boolean enabled;
    private final String suffix;

    public BesideOriginal(boolean enabled, String suffix) {
        if (enabled && suffix.isEmpty()) {
            throw new IllegalArgumentException("ingest.nas.output-suffix is empty: an output could take an original's name");
        }
        this.enabled = enabled;
        this.suffix = suffix;
    }

    /** Whether the document's outputs go beside it: it came from the share, and that is configured. */
    public boolean applies(FileEvent event) {
        return enabled && NAS.equals(event.source());
    }

    /** The output's path relative to the share, for the file at {@code event}'s key and an output ending {@code extension}. */
    public String name(FileEvent event, String extension) {
        if (!event.key().startsWith(NAS + "/")) {
            throw new IllegalArgumentException("not a key of the share: " + event.key());
        }
        String relative = event.key().substring(NAS.length() + 1);
        String base = relative.toLowerCase(Locale.ROOT).endsWith(".pdf") ? relative.substring(0, relative.length() - 4) : relative;
        return base + suffix + extension;
    }

    /** Whether a file on the share is one of the pipeline's outputs (and so never read as input). */
    public boolean isOutput(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        String ours = suffix.toLowerCase(Locale.ROOT);
        return enabled && (lower.endsWith(ours + ".pdf") || lower.endsWith(ours + ".json"));
    }
}
