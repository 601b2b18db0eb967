package io.docingest.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.docingest.document.IngestDocument;
import org.apache.camel.ExchangeProperty;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;

import java.io.IOException;

/**
 * The chunk documents of a file, by version: each chunk carries its version's tag (and has it in
 * its id), so the chunks of the version indexed stay and any other version's go, whatever their
 * count. Written against the REST client because camel-opensearch has no delete-by-query operation.
 */
public class ChunkVersions {

    private final RestClient client;
    private final String chunkIndex;

    public ChunkVersions(RestClient client, String chunkIndex) {
        this.client = client;
        this.chunkIndex = chunkIndex;
    }

    /**
     * The chunks a replaced or removed file document named (its {@code chunk_version} and
     * {@code chunk_count}), by id: exact and real-time, where a search would miss chunks written
     * in the last second (a version replaced right after it was indexed).
     */
    void remove(String fileId, JsonNode fileDocument) throws IOException {
        String tag = fileDocument.path("chunk_version").asText("");
        int count = fileDocument.path("chunk_count").asInt(0);
        if (tag.isBlank() || count == 0) {
            return;  // written before chunk ids carried the version: the query below finds them
        }
        StringBuilder bulk = new StringBuilder();
        for (int chunk = 0; chunk < count; chunk++) {
            bulk.append("{\"delete\":{\"_index\":\"").append(chunkIndex).append("\",\"_id\":\"")
                    .append(fileId).append('-').append(tag).append('-').append(chunk).append("\"}}\n");
        }
        Request delete = new Request("POST", "/_bulk");
        delete.setJsonEntity(bulk.toString());
        client.performRequest(delete);
    }

    /** After a version is indexed: every chunk of another version goes (older, or left by a worker that died). */
    void keepOnly(String fileId, String versionTag) throws IOException {
        deleteByQuery("{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"file_id\":\"" + fileId + "\"}}],"
                + "\"must_not\":[{\"term\":{\"version\":\"" + versionTag + "\"}}]}}}");
    }

    /** After the file is deleted: no chunk stays. */
    void removeAll(String fileId) throws IOException {
        deleteByQuery("{\"query\":{\"term\":{\"file_id\":\"" + fileId + "\"}}}");
    }

    /**
     * A superseded version's chunks, written by this worker a moment ago or by one that died
     * before its file document: refreshed first, since a search does not see chunks written in
     * the last second. Superseding is rare, so the refresh is affordable.
     */
    public void removeSuperseded(@ExchangeProperty(IngestDocument.PROPERTY) IngestDocument doc) throws IOException {
        Request refresh = new Request("POST", "/" + chunkIndex + "/_refresh");
        refresh.addParameter("ignore_unavailable", "true");
        client.performRequest(refresh);
        deleteByQuery("{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"file_id\":\"" + doc.getFileId() + "\"}},"
                + "{\"term\":{\"version\":\"" + doc.getEvent().versionTag() + "\"}}]}}}");
    }

    private void deleteByQuery(String query) throws IOException {
        Request delete = new Request("POST", "/" + chunkIndex + "/_delete_by_query");
        delete.addParameter("ignore_unavailable", "true");
        delete.addParameter("conflicts", "proceed");
        delete.setJsonEntity(query);
        client.performRequest(delete);
    }
}
