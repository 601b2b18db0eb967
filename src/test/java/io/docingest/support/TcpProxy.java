package io.docingest.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a real server, to take that server away and give it back at
 * the network boundary: {@link #stop()} closes the port and every open connection (clients see
 * "connection refused", as when the server is down), {@link #start()} listens on the same port
 * again, and {@link #answer500(boolean)} makes it answer HTTP 500 as a failing server does
 * ({@link #answer(int, String)}: any refusal, e.g. S3's 403 for a clock out of step). One
 * OpenSearch node per JVM is all the k-NN plugin's static state allows, so outages of the
 * shared node are made here.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failedRequests = new AtomicInteger();
    private volatile ServerSocket listener;
    private volatile String failure;  // the whole HTTP response while failing, else null

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
        start();
    }

    public int port() {
        return port;
    }

    /**
     * While on, every HTTP request is answered 500 instead of forwarded: a server failing. Open
     * connections are cut so that kept-alive ones cannot slip past.
     */
    public void answer500(boolean on) throws IOException {
        answer(on ? 500 : 0, "");
    }

    /**
     * While {@code status} is not 0, every HTTP request is answered with it and the XML
     * {@code body} (an S3 error document) instead of forwarded; 0 forwards again.
     */
    public void answer(int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        failure = status == 0 ? null : "HTTP/1.1 " + status + " Refused\r\nContent-Type: application/xml\r\n"
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + body;
        if (status != 0) {
            for (Socket socket : open) {
                socket.close();
            }
            open.clear();
        }
    }

    /** Requests refused so far. */
    public int failedRequests() {
        return failedRequests.get();
    }

    public synchronized void start() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = socket;
        Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public synchronized void stop() throws IOException {
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                String response = failure;
                if (response != null) {
                    fail(client, response);
                    continue;
                }
                Socket server = new Socket(target.getAddress(), target.getPort());
                open.add(client);
                open.add(server);
                pipe(client, server);
                pipe(server, client);
            } catch (IOException e) {
                return;  // listener closed by stop()
            }
        }
    }

    private void fail(Socket client, String response) {
        Thread responder = new Thread(() -> {
            try (client) {
                InputStream in = client.getInputStream();
                int matched = 0;
                // read the request head, then refuse it; the body, if any, is left unread
                while (matched < 4) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                failedRequests.incrementAndGet();
                client.getOutputStream().write(response.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // client went away
            }
        }, "tcp-proxy-refusal");
        responder.setDaemon(true);
        responder.start();
    }

    private void pipe(Socket from, Socket to) {
        Thread copier = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the other side closed: fall through and close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pipe");
        copier.setDaemon(true);
        copier.start();
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
