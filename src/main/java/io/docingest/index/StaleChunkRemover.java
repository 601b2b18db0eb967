package io.docingest.index;

import io.docingest.document.IngestDocument;
import org.apache.camel.ExchangeProperty;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;

import java.io.IOException;

/**
 * After a file is re-indexed, deletes its chunk documents numbered beyond the new chunk count (a
 * shorter new version would otherwise leave old chunks searchable). Written against the REST
 * client because camel-opensearch has no delete-by-query operation.
 */
public class StaleChunkRemover {

    private final RestClient client;
    private final String chunkIndex;

    public StaleChunkRemover(RestClient client, String chunkIndex) {
        this.client = client;
        this.chunkIndex = chunkIndex;
    }

    public void removeStale(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) throws IOException {
        Request delete = new Request("POST", "/" + chunkIndex + "/_delete_by_query");
        delete.addParameter("ignore_unavailable", "true");
        delete.addParameter("conflicts", "proceed");
        delete.setJsonEntity("{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"file_id\":\"" + doc.getFileId()
                + "\"}},{\"range\":{\"chunk\":{\"gte\":" + doc.getChunks().size() + "}}}]}}}");
        client.performRequest(delete);
    }
}
