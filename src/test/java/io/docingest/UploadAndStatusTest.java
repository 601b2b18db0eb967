package io.docingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.support.Fixtures;
import io.docingest.support.LocalServers;
import io.docingest.support.RunningDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP side through the daemon's real HTTP server: an upload is answered at once with an id,
 * stored in the landing bucket, indexed through the queue, and GET /status/{id} follows it; the
 * upload's processor type chooses how it is processed.
 */
class UploadAndStatusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningDaemon daemon;

    @BeforeAll
    static void start() throws Exception {
        Properties props = new Properties();
        props.setProperty("ingest.pages.batch-size", "1");  // progress after every page
        props.setProperty("ingest.status.progress-interval-ms", "1");
        // An operator's own type, as config/application.yaml would declare it: contracts get their own index.
        props.setProperty("ingest.processor-types.contracts.index-suffix", "contracts");
        daemon = new RunningDaemon("uploads", props);
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
    }

    @Test
    void aMultipartUploadIsAnsweredAtOnceAndFollowedFromQueuedThroughPagesToIndexed() throws Exception {
        // Hold the queue's consumer so "queued" can be seen before any worker starts.
        daemon.camel().getRouteController().suspendRoute("source-sqs-s3-events");
        List<List<String>> pages = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            pages.add(List.of("第" + i + "頁 請求書", "Invoice page " + i));
        }
        HttpResponse<String> response = daemon.upload("invoice.pdf", Fixtures.scannedPdf(pages), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode receipt = JSON.readTree(response.body());
        String id = receipt.path("id").asText();
        assertThat(receipt.path("status").asText()).isEqualTo("queued");
        assertThat(receipt.path("key").asText()).startsWith("uploads/").endsWith("/invoice.pdf");
        assertThat(daemon.status(id).path("status").asText()).isEqualTo("queued");

        List<String> seen = new ArrayList<>();
        daemon.camel().getRouteController().resumeRoute("source-sqs-s3-events");
        await().atMost(2, TimeUnit.MINUTES).pollInterval(50, TimeUnit.MILLISECONDS).until(() -> {
            JsonNode now = daemon.status(id);
            String state = now.path("status").asText() + " " + now.path("pages_done").asInt() + "/" + now.path("pages_total").asInt();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
                seen.add(state);
            }
            return now.path("status").asText().equals("indexed");
        });
        assertThat(seen).as("states seen").anyMatch(s -> s.matches("processing [1-5]/6"));
        assertThat(seen.get(seen.size() - 1)).isEqualTo("indexed 6/6");
        JsonNode indexed = daemon.status(id);
        assertThat(indexed.path("index").asText()).isEqualTo("uploads-files");
        assertThat(indexed.path("index_id").asText()).isEqualTo(id);
        JsonNode file = daemon.get("files", id).path("_source");
        assertThat(file.path("page_count").asInt()).isEqualTo(6);
        assertThat(file.path("content").asText()).contains("請求書");
        assertThat(daemon.servers.s3.headObject(h -> h.bucket("landing").key(receipt.path("key").asText())).contentLength())
                .isPositive();
    }

    @Test
    void theDocumentProcessorsRecordIsQueuedIndexedAndAnsweredWithItsText() throws Exception {
        // Where the original processor's callers put objects: not under the watched key prefix.
        String key = "documents/2026/invoice-0042.pdf";
        daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("請求書 第42号", "Invoice 42 for office supplies"))));
        HttpResponse<String> response = process("{\"record\":{\"document_id\":\"inv-0042\",\"bucket\":\"" + LocalServers.LANDING
                + "\",\"key\":\"" + key + "\",\"status\":\"pending\",\"file_type\":\"pdf\"}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode receipt = JSON.readTree(response.body());
        assertThat(receipt.path("document_id").asText()).isEqualTo("inv-0042");
        assertThat(receipt.path("status_url").asText()).isEqualTo("/status/inv-0042");

        await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.status("inv-0042").path("status").asText().equals("indexed"));
        JsonNode withText = JSON.readTree(daemon.get(daemon.api("/status/inv-0042?include=text,codes")).body());
        assertThat(withText.path("id").asText()).isEqualTo("inv-0042");
        assertThat(withText.path("s3_key").asText()).isEqualTo(key);
        assertThat(withText.path("text").asText()).contains("請求書 第42号").contains("office supplies");
        assertThat(daemon.status("inv-0042").has("text")).as("text only when asked").isFalse();
        assertThat(daemon.get("files", "inv-0042").path("_source").path("s3_key").asText()).isEqualTo(key);
    }

    @Test
    void aRecordThatCannotBeProcessedIsRefusedWithTheReason() throws Exception {
        daemon.putObject("documents/done.pdf", Fixtures.bornDigitalPdf(List.of(List.of("done"))));
        assertRefused("{\"record\":{\"document_id\":\"d-1\",\"bucket\":\"landing\",\"key\":\"documents/done.pdf\","
                + "\"status\":\"completed\"}}", "only pending records are processed");
        assertRefused("{\"record\":{\"document_id\":\"d-2\",\"bucket\":\"elsewhere\",\"key\":\"documents/done.pdf\"}}",
                "is not one of ingest.process-api.buckets");
        assertRefused("{\"record\":{\"document_id\":\"d-3\",\"bucket\":\"landing\",\"key\":\"documents/missing.pdf\"}}",
                "no object s3://landing/documents/missing.pdf");
        assertRefused("{\"record\":{\"document_id\":\"../x\",\"bucket\":\"landing\",\"key\":\"documents/done.pdf\"}}",
                "document_id must be");
        assertRefused("not json", "the body is not JSON");
        assertThat(daemon.messagesLeft()).as("nothing announced").isZero();
    }

    @Test
    void healthIsAnsweredOnTheApiPortAsTheProcessorsLoadBalancerAsksForIt() throws Exception {
        HttpResponse<String> health = daemon.get(daemon.api("/health"));
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("healthy");
    }

    private static HttpResponse<String> process(String body) throws Exception {
        return daemon.http(HttpRequest.newBuilder(daemon.api("/process")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void assertRefused(String body, String reason) throws Exception {
        HttpResponse<String> response = process(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains(reason);
    }

    @Test
    void aBrokenUploadEndsFailedWithItsReason() throws Exception {
        byte[] notReallyPdf = "%PDF-1.7\nthis is not a PDF body at all".getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> response = daemon.http(HttpRequest.newBuilder(daemon.api("/documents?name=broken.pdf"))
                .header("Content-Type", "application/pdf").POST(HttpRequest.BodyPublishers.ofByteArray(notReallyPdf)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id = JSON.readTree(response.body()).path("id").asText();

        await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.status(id).path("status").asText().equals("failed"));
        assertThat(daemon.status(id).path("reason").asText()).contains("PDF cannot be parsed");
        assertThat(daemon.drainDeadLetters()).hasSize(1);
    }

    @Test
    void theStatusOfAnUnknownFileIs404AndAnEmptyUploadIs400() throws Exception {
        assertThat(daemon.get(daemon.api("/status/0123456789abcdef0123456789abcdef")).statusCode()).isEqualTo(404);
        HttpResponse<String> empty = daemon.http(HttpRequest.newBuilder(daemon.api("/documents?name=x.pdf"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("empty");
    }

    @Test
    void theProcessorTypeOfAnUploadChoosesHowItIsProcessed() throws Exception {
        byte[] scan = Fixtures.scannedPdf(List.of(List.of("御見積書", "Quotation for the office move")));
        String english = JSON.readTree(daemon.upload("english.pdf", scan, "english").body()).path("id").asText();
        String japanese = JSON.readTree(daemon.upload("japanese.pdf", scan, null).body()).path("id").asText();
        String textOnly = JSON.readTree(daemon.upload("text-only.pdf", scan, "text-only").body()).path("id").asText();
        await().atMost(2, TimeUnit.MINUTES).until(() -> daemon.status(english).path("status").asText().equals("indexed")
                && daemon.status(japanese).path("status").asText().equals("indexed")
                && daemon.status(textOnly).path("status").asText().equals("indexed"));

        JsonNode en = daemon.get("files", english).path("_source");
        JsonNode ja = daemon.get("files", japanese).path("_source");
        JsonNode text = daemon.get("files", textOnly).path("_source");
        assertThat(en.path("processor_type").asText()).isEqualTo("english");
        assertThat(en.path("ocr_languages").asText()).isEqualTo("eng");
        assertThat(en.path("content").asText()).contains("Quotation").doesNotContain("見積書");
        assertThat(ja.path("processor_type").asText()).isEqualTo("default");
        assertThat(ja.path("ocr_languages").asText()).isEqualTo("jpn+eng");
        assertThat(ja.path("content").asText()).contains("見積書");
        assertThat(text.path("processor_type").asText()).isEqualTo("text-only");
        assertThat(text.path("pages_ocr").asInt()).isZero();

        String contract = JSON.readTree(daemon.upload("contract.pdf", scan, "contracts").body()).path("id").asText();
        await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.status(contract).path("status").asText().equals("indexed"));
        assertThat(daemon.status(contract).path("index").asText()).isEqualTo("uploads-files-contracts");
        JsonNode inItsIndex = JSON.readTree(daemon.servers.openSearch("GET", "/uploads-files-contracts/_doc/" + contract, null));
        assertThat(inItsIndex.path("_source").path("processor_type").asText()).isEqualTo("contracts");
        assertThat(inItsIndex.path("_source").path("ocr_languages").asText()).as("inherited from default").isEqualTo("jpn+eng");
        assertThat(daemon.get("files", contract).path("found").asBoolean()).as("not in the default index").isFalse();
        JsonNode mapping = JSON.readTree(daemon.servers.openSearch("GET", "/uploads-files-contracts/_mapping", null));
        assertThat(mapping.toString()).as("the files template applies").contains("japanese_analyzer").contains("knn_vector");
    }

    @Test
    void anUnknownProcessorTypeIsRefusedOnUploadAndParkedWhenItLandsInTheBucket() throws Exception {
        byte[] scan = Fixtures.scannedPdf(List.of(List.of("Memo")));
        HttpResponse<String> refused = daemon.upload("memo.pdf", scan, "fast-lane");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("unknown processor-type 'fast-lane'").contains("english");

        String key = "files/landed/memo.pdf";
        daemon.servers.s3.putObject(p -> p.bucket(LocalServers.LANDING).key(key).metadata(Map.of("processor-type", "fast-lane")),
                RequestBody.fromBytes(scan));
        daemon.send(daemon.transformedEvent(key));
        String id = io.docingest.document.FileIds.fileId(key);
        await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.status(id).path("status").asText().equals("failed"));
        assertThat(daemon.status(id).path("reason").asText()).contains("unknown processor-type 'fast-lane'").contains("english");
        assertThat(daemon.drainDeadLetters()).hasSize(1);
    }

    /** The batch proof of concept tagged its objects processor-type pool; config/ makes that an alias of default. */
    @Test
    void theProofOfConceptsPoolTypeIsProcessedAsTheDefault() throws Exception {
        String key = "files/landed/pool.pdf";
        daemon.servers.s3.putObject(p -> p.bucket(LocalServers.LANDING).key(key).metadata(Map.of("processor-type", "pool")),
                RequestBody.fromBytes(Fixtures.bornDigitalPdf(List.of(List.of("Pooled invoice 4411")))));
        daemon.send(daemon.transformedEvent(key));
        String id = io.docingest.document.FileIds.fileId(key);
        await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.status(id).path("status").asText().equals("indexed"));
        JsonNode file = daemon.get("files", id).path("_source");
        assertThat(file.path("processor_type").asText()).isEqualTo("default");
        assertThat(file.path("content").asText()).contains("Pooled invoice 4411");
    }

    @Test
    void alreadyIndexedMeansTheFileDocumentHoldsThisVersionAndForceOverridesIt() throws Exception {
        String key = "files/again/report.pdf";
        String id = io.docingest.document.FileIds.fileId(key);
        daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("Indexed once, then again on purpose"))));
        daemon.deliver(daemon.transformedEvent(key));
        double worked = fetches();

        // The same version again: one lookup, no work.
        daemon.deliver(daemon.transformedEvent(key));
        assertThat(fetches()).as("a repeated event is not worked on").isEqualTo(worked);

        // A forced back-fill works on it whatever the status says.
        org.apache.camel.builder.NotifyBuilder forced = daemon.messagesDone(1);
        HttpResponse<String> response = daemon.http(HttpRequest.newBuilder(daemon.api("/backfill?prefix=files/again/&force=true"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(JSON.readTree(response.body()).path("force").asBoolean()).isTrue();
        RunningDaemon.await(forced);
        assertThat(fetches()).as("a forced back-fill works on it again").isEqualTo(worked + 1);

        // The file index lost it (a snapshot restored from before it, a reindex): the status record
        // still says indexed, but the next event works on it again.
        daemon.servers.openSearch("DELETE", "/uploads-files/_doc/" + id + "?refresh=true", null);
        daemon.deliver(daemon.transformedEvent(key));
        assertThat(fetches()).as("a document the file index lost is worked on again").isEqualTo(worked + 2);
        assertThat(daemon.get("files", id).path("_source").path("pipeline_version").asText()).isEqualTo("1");
    }

    private static double fetches() throws Exception {
        return daemon.metric("ingest_stage_seconds_count", "stage=\"fetch\"");
    }

    @Test
    void aBackFillQueuesEveryObjectUnderAPrefixAndEachIsIndexed() throws Exception {
        List<String> keys = List.of("files/backfill/2024/a.pdf", "files/backfill/2024/b.pdf", "files/backfill/2025/c.pdf");
        for (String key : keys) {
            daemon.putObject(key, Fixtures.bornDigitalPdf(List.of(List.of("過去の文書 " + key, "Archived document " + key))));
        }
        HttpResponse<String> response = daemon.http(HttpRequest.newBuilder(daemon.api("/backfill?prefix=files/backfill/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("announced").asInt()).isEqualTo(3);
        for (String key : keys) {
            String id = io.docingest.document.FileIds.fileId(key);
            await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.status(id).path("status").asText().equals("indexed"));
        }

        // An empty object in the bucket is announced like any other and recorded as skipped.
        String empty = "files/backfill-empty/zero.pdf";
        daemon.putObject(empty, new byte[0]);
        HttpResponse<String> emptyOnes = daemon.http(HttpRequest.newBuilder(daemon.api("/backfill?prefix=files/backfill-empty/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(JSON.readTree(emptyOnes.body()).path("announced").asInt()).isEqualTo(1);
        String emptyId = io.docingest.document.FileIds.fileId(empty);
        await().atMost(1, TimeUnit.MINUTES).until(() -> daemon.status(emptyId).path("status").asText().equals("skipped"));
        assertThat(daemon.status(emptyId).path("reason").asText()).contains("the file is empty");

        HttpResponse<String> outside = daemon.http(HttpRequest.newBuilder(daemon.api("/backfill?prefix=other/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(outside.body()).contains("key prefix 'files/'");
        HttpResponse<String> uploads = daemon.http(HttpRequest.newBuilder(daemon.api("/backfill?prefix=uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(uploads.statusCode()).as("uploads can be re-indexed too").isEqualTo(200);
    }
}
