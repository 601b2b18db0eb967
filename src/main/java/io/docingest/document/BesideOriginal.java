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
 * With {@code ingest.nas.replace-originals}, a PDF's searchable copy takes the PDF's own place
 * instead ({@link #target}); its results still go beside it.
 */
public class BesideOriginal {

    /** The source name the share's files are recorded under (routes/sources/nas.yaml). */
    static final String NAS = "nas";

    private final boolean enabled;
    private final String suffix;
    private final boolean replaceOriginals;

    public BesideOriginal(boolean enabled, String suffix, boolean replaceOriginals) {
        if (enabled && suffix.isEmpty()) {
            throw new IllegalArgumentException("ingest.nas.output-suffix is empty: an output could take an original's name");
        }
        this.enabled = enabled;
        this.suffix = suffix;
        this.replaceOriginals = replaceOriginals;
    }

    /** Whether the document's outputs go beside it: it came from the share, and that is configured. */
    public boolean applies(FileEvent event) {
        return enabled && NAS.equals(event.source());
    }

    /**
     * Whether the output ending {@code extension} takes its original's place: the searchable copy
     * of a PDF from the share, with {@code ingest.nas.replace-originals}, unless the PDF is signed
     * (a copy's save breaks the signatures: it goes beside it, as OCRmyPDF refuses such a file).
     */
    public boolean replaces(IngestDocument doc, String extension) {
        return replaceOriginals && applies(doc.getEvent()) && ".pdf".equals(extension) && isPdf(relative(doc.getEvent()))
                && !doc.isSignedPdf();
    }

    /** Where the output is written, relative to the share: its original's own path when it {@link #replaces} it, else its {@link #name}. */
    public String target(IngestDocument doc, String extension) {
        return replaces(doc, extension) ? relative(doc.getEvent()) : name(doc.getEvent(), extension);
    }

    /** The output's name beside its original, relative to the share, for the file at {@code event}'s key and an output ending {@code extension}. */
    public String name(FileEvent event, String extension) {
        String relative = relative(event);
        String base = isPdf(relative) ? relative.substring(0, relative.length() - 4) : relative;
        return base + suffix + extension;
    }

    private static String relative(FileEvent event) {
        if (!event.key().startsWith(NAS + "/")) {
            throw new IllegalArgumentException("not a key of the share: " + event.key());
        }
        return event.key().substring(NAS.length() + 1);
    }

    private static boolean isPdf(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".pdf");
    }

    /** Whether a file on the share is one of the pipeline's outputs (and so never read as input). */
    public boolean isOutput(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        String ours = suffix.toLowerCase(Locale.ROOT);
        return enabled && (lower.endsWith(ours + ".pdf") || lower.endsWith(ours + ".json"));
    }
}
