package io.docingest.index;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Drains an async request entity into memory so it can be hashed for signing and sent again. The
 * OpenSearch client's bodies are in-memory JSON, so this costs one copy of what is already held.
 */
final class BufferedBody implements DataStreamChannel {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean ended;

    private BufferedBody() {
    }

    static byte[] read(AsyncEntityProducer entity) throws IOException {
        BufferedBody channel = new BufferedBody();
        while (!channel.ended) {
            entity.produce(channel);
        }
        entity.releaseResources();
        return channel.bytes.toByteArray();
    }

    @Override
    public void requestOutput() {
        // always ready: everything is written to memory
    }

    @Override
    public int write(ByteBuffer source) {
        int n = source.remaining();
        byte[] chunk = new byte[n];
        source.get(chunk);
        bytes.write(chunk, 0, n);
        return n;
    }

    @Override
    public void endStream() {
        ended = true;
    }

    @Override
    public void endStream(List<? extends Header> trailers) {
        ended = true;
    }
}
