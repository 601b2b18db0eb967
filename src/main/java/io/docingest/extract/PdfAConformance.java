package io.docingest.extract;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;
import org.apache.xmpbox.XMPMetadata;
import org.apache.xmpbox.schema.AdobePDFSchema;
import org.apache.xmpbox.schema.DublinCoreSchema;
import org.apache.xmpbox.schema.PDFAIdentificationSchema;
import org.apache.xmpbox.schema.XMPBasicSchema;
import org.apache.xmpbox.type.BadFieldValueException;
import org.apache.xmpbox.xml.XmpSerializer;

import javax.xml.transform.TransformerException;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Calendar;

/**
 * What a searchable copy needs to claim PDF/A-2b beyond what the writer already gives it (every
 * font embedded, the layer's included): XMP metadata naming the part and conformance and agreeing
 * with the document information, an sRGB output intent (so the scans' device colours are
 * defined), and no encryption. It changes nothing a page shows. Whatever else of the original
 * stands in the way (a born-digital page's fonts not embedded, a PDF 2.0 file, JavaScript) is left
 * as it is: {@link PdfAValidation} finds it, and the copy is then written without the claim.
 */
final class PdfAConformance {

    static final String PRODUCER = "docingest";

    private PdfAConformance() {
    }

    static void apply(PDDocument pdf) throws IOException {
        pdf.setAllSecurityToBeRemoved(true);
        PDDocumentInformation info = pdf.getDocumentInformation();
        info.setProducer(PRODUCER);
        info.setModificationDate(Calendar.getInstance());
        if (info.getCreationDate() == null) {
            info.setCreationDate(info.getModificationDate());
        }
        info.getCOSObject().removeItem(COSName.TRAPPED);  // XMP would have to say it too
        PDDocumentCatalog catalog = pdf.getDocumentCatalog();
        PDMetadata metadata = new PDMetadata(pdf);
        metadata.importXMPMetadata(xmp(info));
        catalog.setMetadata(metadata);
        if (catalog.getOutputIntents().stream().noneMatch(intent -> intent.getDestOutputIntent() != null)) {
            catalog.addOutputIntent(srgb(pdf));
        }
    }

    /** The document information again as XMP, each entry where the standard maps it, and the PDF/A identification. */
    private static byte[] xmp(PDDocumentInformation info) throws IOException {
        XMPMetadata xmp = XMPMetadata.createXMPMetadata();
        PDFAIdentificationSchema id = xmp.createAndAddPDFAIdentificationSchema();
        id.setPart(2);
        try {
            id.setConformance("B");
        } catch (BadFieldValueException e) {
            throw new IllegalStateException(e);  // B is one of the values the schema allows
        }
        DublinCoreSchema dc = xmp.createAndAddDublinCoreSchema();
        if (info.getTitle() != null) {
            dc.setTitle(info.getTitle());
        }
        if (info.getAuthor() != null) {
            dc.addCreator(info.getAuthor());
        }
        if (info.getSubject() != null) {
            dc.addDescription(null, info.getSubject());
        }
        AdobePDFSchema pdfSchema = xmp.createAndAddAdobePDFSchema();
        pdfSchema.setProducer(info.getProducer());
        if (info.getKeywords() != null) {
            pdfSchema.setKeywords(info.getKeywords());
        }
        XMPBasicSchema basic = xmp.createAndAddXMPBasicSchema();
        basic.setCreateDate(info.getCreationDate());
        basic.setModifyDate(info.getModificationDate());
        if (info.getCreator() != null) {
            basic.setCreatorTool(info.getCreator());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new XmpSerializer().serialize(xmp, out, true);
        } catch (TransformerException e) {
            throw new IOException("the XMP metadata could not be written", e);
        }
        return out.toByteArray();
    }

    /** The sRGB profile the JDK carries: scans are gray or RGB, and gray needs only some output intent. */
    private static PDOutputIntent srgb(PDDocument pdf) throws IOException {
        byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        PDOutputIntent intent = new PDOutputIntent(pdf, new ByteArrayInputStream(profile));
        intent.setInfo("sRGB IEC61966-2.1");
        intent.setOutputCondition("sRGB");
        intent.setOutputConditionIdentifier("sRGB IEC61966-2.1");
        intent.setRegistryName("http://www.color.org");
        return intent;
    }
}
