package io.docingest.extract;

import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a written copy is PDF/A-2b, as veraPDF (the reference validator) judges it: null when
 * it is, else the rules it breaks, each once, with what the rule asks.
 */
final class PdfAValidation {

    /** Enough of the report to say why; the rest would repeat it page by page. */
    private static final int RULES_NAMED = 3;

    static {
        VeraGreenfieldFoundryProvider.initialise();
    }

    private PdfAValidation() {
    }

    static String failure(Path pdf) {
        try (PDFAParser parser = Foundries.defaultInstance().createParser(pdf.toFile(), PDFAFlavour.PDFA_2_B);
             PDFAValidator validator = Foundries.defaultInstance().createValidator(PDFAFlavour.PDFA_2_B, false)) {
            ValidationResult result = validator.validate(parser);
            if (result.isCompliant()) {
                return null;
            }
            Set<String> rules = new LinkedHashSet<>();
            for (TestAssertion failed : result.getTestAssertions()) {
                if (failed.getStatus() == TestAssertion.Status.FAILED) {
                    rules.add("rule " + failed.getRuleId().getClause() + "-" + failed.getRuleId().getTestNumber() + ": "
                            + failed.getMessage());
                }
            }
            return "not PDF/A-2b (veraPDF): " + rules.stream().limit(RULES_NAMED).collect(Collectors.joining("; "))
                    + (rules.size() > RULES_NAMED ? "; and " + (rules.size() - RULES_NAMED) + " rules more" : "");
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            // A copy too big or too deep for the extractor's heap to validate is stored as a plain
            // PDF like any other that fails, rather than failing its document on every retry.
            return "not PDF/A-2b: veraPDF could not check the copy: " + e;
        }
    }
}
