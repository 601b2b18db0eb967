package io.docingest.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docingest.IngestDocument;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.RestClient;

import java.io.IOException;

/**
 * The idempotency check: has this exact version of the object (bucket, key, etag) already been
 * indexed? Answered from the status index every worker writes, so a redelivered or duplicated
 * event, or a re-driven dead letter, costs one lookup instead of a document's OCR. Events without
 * an etag cannot be told apart and are processed (deterministic ids keep that safe).
 */
public class IndexedVersions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestClient client;
    private final String statusIndex;

    public IndexedVersions(RestClient client, String statusIndex) {
        this.client = client;
        this.statusIndex = statusIndex;
    }

    public boolean isIndexed(IngestDocument doc) throws IOException {
        String etag = doc.getEvent().etag();
        if (etag == null || etag.isBlank()) {
            return false;
        }
        Request get = new Request("GET", "/" + statusIndex + "/_doc/" + doc.getFileId());
        get.addParameter("ignore", "404");
        Response response = client.performRequest(get);
        if (response.getStatusLine().getStatusCode() == 404) {
            return false;
        }
        JsonNode record = JSON.readTree(response.getEntity().getContent()).path("_source");
        return "indexed".equals(record.path("status").asText())
                && etag.equals(record.path("etag").asText())
                && doc.getEvent().bucket().equals(record.path("bucket").asText());
    }
}
