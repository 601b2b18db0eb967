package io.docingest.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.RestClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Read, decide, write only if nobody wrote in between: OpenSearch's optimistic concurrency control
 * ({@code if_seq_no} and {@code if_primary_term}, or {@code op_type=create} for a document not
 * there yet). Two workers holding two versions of one key decide which version stays this way
 * (ARCHITECTURE.md, "Versions and deletions"). On the REST client because camel-opensearch's
 * Index operation cannot send the condition.
 */
public class OptimisticWrites {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestClient client;

    public OptimisticWrites(RestClient client) {
        this.client = client;
    }

    /** A document as read, with what a conditional write needs. */
    public record Stored(String index, JsonNode source, long seqNo, long primaryTerm) {
    }

    /** The document, or null when it (or its index) is not there. */
    public Stored read(String index, String id) throws IOException {
        Request get = new Request("GET", "/" + index + "/_doc/" + id);
        get.addParameter("ignore", "404");
        Response response = client.performRequest(get);
        if (response.getStatusLine().getStatusCode() == 404) {
            return null;
        }
        JsonNode hit = JSON.readTree(response.getEntity().getContent());
        return hit.path("found").asBoolean(false)
                ? new Stored(index, hit.path("_source"), hit.path("_seq_no").asLong(), hit.path("_primary_term").asLong())
                : null;
    }

    /**
     * The document under {@code id} in each of {@code indices} that has it, read in one
     * real-time multi-get (a search would not yet see a document written a second ago).
     */
    public List<Stored> readAll(Collection<String> indices, String id) throws IOException {
        ArrayNode docs = JSON.createArrayNode();
        indices.forEach(index -> docs.addObject().put("_index", index).put("_id", id));
        Request mget = new Request("POST", "/_mget");
        mget.setJsonEntity(JSON.writeValueAsString(JSON.createObjectNode().set("docs", docs)));
        List<Stored> found = new ArrayList<>();
        for (JsonNode hit : JSON.readTree(client.performRequest(mget).getEntity().getContent()).path("docs")) {
            // an index not created yet answers with an error for its entry: nothing there
            if (hit.path("found").asBoolean(false)) {
                found.add(new Stored(hit.path("_index").asText(), hit.path("_source"), hit.path("_seq_no").asLong(),
                        hit.path("_primary_term").asLong()));
            }
        }
        return found;
    }

    /** Writes {@code document} if the stored one is still {@code expected} (null: still absent); false when it changed. */
    public boolean write(String index, String id, Object document, Stored expected) throws IOException {
        Request put = new Request("PUT", "/" + index + "/_doc/" + id);
        put.addParameter("ignore", "409");
        condition(put, expected);
        put.setJsonEntity(JSON.writeValueAsString(document));
        return client.performRequest(put).getStatusLine().getStatusCode() != 409;
    }

    /** Deletes the document if it is still {@code expected}; false when it changed. */
    public boolean delete(Stored expected, String id) throws IOException {
        Request delete = new Request("DELETE", "/" + expected.index() + "/_doc/" + id);
        condition(delete, expected);
        delete.addParameter("ignore", "404,409");
        int status = client.performRequest(delete).getStatusLine().getStatusCode();
        return status != 409;
    }

    private static void condition(Request request, Stored expected) {
        if (expected == null) {
            request.addParameter("op_type", "create");
        } else {
            request.addParameter("if_seq_no", String.valueOf(expected.seqNo()));
            request.addParameter("if_primary_term", String.valueOf(expected.primaryTerm()));
        }
    }
}
