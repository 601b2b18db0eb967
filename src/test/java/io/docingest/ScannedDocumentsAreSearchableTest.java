package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.docingest.document.FileIds;
import io.docingest.support.BedrockStub;
import io.docingest.support.Fixtures.PageSpec;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The product's promise, end to end on real servers: a file landing in S3 becomes searchable. */
class ScannedDocumentsAreSearchableTest {

    private static RunningDaemon daemon;

    @BeforeAll
    static void start() throws Exception {
        daemon = new RunningDaemon("scans", new Properties());
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
    }

    @Test
    void theStepsAfterTheFileWriteRunOffTheOpenSearchClientsIoThreads() throws Exception {
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.apache.camel.spi.EventNotifier recorder = new org.apache.camel.support.EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                // sent: the index route has ended (its status write done) on this thread
                if (event instanceof org.apache.camel.spi.CamelEvent.ExchangeSentEvent sent
                        && sent.getEndpoint().getEndpointUri().startsWith("direct://index")) {
                    threads.add(Thread.currentThread().getName());
                }
            }
        };
        daemon.camel().getManagementStrategy().addEventNotifier(recorder);
        try {
            String key = "files/threads/after-index.pdf";
            daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("off the I/O thread"))));
            daemon.deliver(daemon.transformedEvent(key));
        } finally {
            daemon.camel().getManagementStrategy().removeEventNotifier(recorder);
        }
        // A blocking call there would hold up every other document's OpenSearch replies.
        assertThat(threads).isNotEmpty().noneMatch(name -> name.startsWith("httpclient-dispatch"));
    }

    @Test
    void aScannedJapanesePdfOnTheQueueIsSearchableInJapaneseAndByVector() throws Exception {
        String key = "files/経理/scan-見積.pdf";
        daemon.putObject(key, Fixtures.scannedPdf(List.of(
                List.of("御見積書", "株式会社サンプル商事 御中", "Estimate No. 2026-0042"),
                List.of("合計金額 十二万円", "Total amount 120000 JPY"))));
        NotifyBuilder done = daemon.messagesDone(1);

        daemon.send(daemon.transformedEvent(key));
        RunningDaemon.await(done);

        String fileId = FileIds.fileId(key);
        JsonNode file = daemon.get("files", fileId).path("_source");
        assertThat(file.path("s3_key").asText()).isEqualTo(key);
        assertThat(file.path("page_count").asInt()).isEqualTo(2);
        assertThat(file.path("pages_ocr").asInt()).isEqualTo(2);

        // 見積書 exists only as pixels in the scan: finding it, and only it among the class's
        // documents, proves OCR + kuromoji end to end.
        JsonNode byWord = daemon.search("files", "{\"query\":{\"match\":{\"content\":{\"query\":\"見積書\",\"operator\":\"and\"}}}}");
        assertThat(ids(byWord)).containsExactly(fileId);

        JsonNode vector = file.path("embedding");
        assertThat(vector.size()).isEqualTo(512);
        JsonNode byVector = daemon.search("files", "{\"size\":1,\"query\":{\"knn\":{\"embedding\":{\"vector\":" + vector
                + ",\"k\":1}}}}");
        assertThat(ids(byVector)).as(byVector.toString()).containsExactly(fileId);

        byte[] thumbnail = daemon.servers.s3.getObjectAsBytes(g -> g.bucket(LocalServers.THUMBNAILS)
                .key("thumbnails/" + fileId + ".jpg")).asByteArray();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(thumbnail))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            assertThat(reader.getFormatName()).isEqualToIgnoringCase("jpeg");
            reader.setInput(in);
            BufferedImage image = reader.read(0);
            assertThat(Math.max(image.getWidth(), image.getHeight())).isEqualTo(800);
        }
        assertThat(file.path("thumbnail_url").asText()).isEqualTo("s3://thumbnails/thumbnails/" + fileId + ".jpg");

        await().atMost(30, TimeUnit.SECONDS).until(() -> daemon.messagesLeft() == 0);
        assertThat(daemon.servers.bedrock.rejections()).isEmpty();
    }

    @Test
    void aMixedPdfUsesTheTextLayerWhereThereIsOneAndOcrElsewhereInPageOrder() throws Exception {
        String key = "files/mixed/contract.pdf";
        daemon.putObject(key, Fixtures.pdf(List.of(
                PageSpec.text("第一条 目的", "This agreement sets out the purpose of the work."),
                PageSpec.scan("第二条 期間", "Term one year"),
                PageSpec.text("第三条 報酬", "The fee is paid monthly by bank transfer."),
                PageSpec.scan("第四条 解除", "Termination notice"))));
        NotifyBuilder done = daemon.messagesDone(1);

        daemon.send(daemon.transformedEvent(key));
        RunningDaemon.await(done);

        JsonNode file = daemon.get("files", FileIds.fileId(key)).path("_source");
        List<String> sources = new ArrayList<>();
        file.path("pages").forEach(page -> sources.add(page.path("page").asInt() + ":" + page.path("source").asText()));
        assertThat(sources).containsExactly("1:text-layer", "2:ocr", "3:text-layer", "4:ocr");
        assertThat(file.path("pages_ocr").asInt()).isEqualTo(2);

        String content = file.path("content").asText();
        List<Integer> positions = Arrays.stream(new String[]{"第一条", "第二条", "第三条", "第四条"})
                .map(content::indexOf).toList();
        assertThat(positions).doesNotContain(-1).isSorted();
    }

    @Test
    void jpegPngAndMultiPageTiffScansAreOcrdPageByPage() throws Exception {
        daemon.putObject("files/images/receipt.jpg", Fixtures.image("jpeg", List.of("領収書", "Receipt 3300 JPY")));
        daemon.putObject("files/images/notice.png", Fixtures.image("png", List.of("お知らせ", "Office closed on Monday")));
        daemon.putObject("files/images/fax.tiff", Fixtures.multiPageTiff(List.of(
                List.of("送付状", "Fax cover page"), List.of("注文書", "Purchase order 77"))));
        NotifyBuilder done = daemon.messagesDone(3);
        daemon.send(daemon.transformedEvent("files/images/receipt.jpg"));
        daemon.send(daemon.transformedEvent("files/images/notice.png"));
        daemon.send(daemon.transformedEvent("files/images/fax.tiff"));
        RunningDaemon.await(done);

        JsonNode jpeg = daemon.get("files", FileIds.fileId("files/images/receipt.jpg")).path("_source");
        assertThat(jpeg.path("file_type").asText()).isEqualTo("jpeg");
        assertThat(jpeg.path("content").asText()).contains("領収書").contains("Receipt");
        JsonNode png = daemon.get("files", FileIds.fileId("files/images/notice.png")).path("_source");
        assertThat(png.path("content").asText()).contains("Office closed");
        JsonNode tiff = daemon.get("files", FileIds.fileId("files/images/fax.tiff")).path("_source");
        assertThat(tiff.path("page_count").asInt()).isEqualTo(2);
        assertThat(tiff.path("pages_ocr").asInt()).isEqualTo(2);
        String content = tiff.path("content").asText();
        assertThat(content.indexOf("Fax cover")).isNotNegative().isLessThan(content.indexOf("Purchase order"));
        assertThat(ids(daemon.search("files", "{\"query\":{\"match\":{\"content\":{\"query\":\"注文書\",\"operator\":\"and\"}}}}")))
                .containsExactly(FileIds.fileId("files/images/fax.tiff"));
    }

    @Test
    void theStubEmbedsWhatTheSdkSent() {
        // Guards the k-NN assertion above: equal texts get equal vectors from the stub.
        assertThat(BedrockStub.vectorOf("見積書", 512)).containsExactly(BedrockStub.vectorOf("見積書", 512));
    }

    private static List<String> ids(JsonNode response) {
        List<String> ids = new ArrayList<>();
        response.path("hits").path("hits").forEach(hit -> ids.add(hit.path("_id").asText()));
        return ids;
    }
}
