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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a real server, to take that server away and give it back at
 * the network boundary: {@link #stop()} closes the port and every open connection (clients see
 * "connection refused", as when the server is down), {@link #start()} listens on the same port
 * again, and {@link #answer500(boolean)} makes it answer HTTP 500 as a failing server does
 * ({@link #answer(int, String)}: any refusal, e.g. S3's 403 for a clock out of step).
 * {@link #hold(String, String)} stops one chosen request on its way, to kill a worker at an exact
 * point between two writes. One OpenSearch node per JVM is all the k-NN plugin's static state
 * allows, so outages of the shared node are made here.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failedRequests = new AtomicInteger();
    private volatile ServerSocket listener;
    private volatile String failure;  // the whole HTTP response while failing, else null
    private volatile Hold hold;

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

    /**
     * The first request whose bytes contain {@code marker}, sent after one containing
     * {@code after} went through (null: at once), is held: not forwarded until
     * {@link Hold#release()}, its connection kept open, so the client waits as for a slow server
     * (or is killed meanwhile); closing the proxy drops it.
     */
    public Hold hold(String after, String marker) {
        Hold armed = new Hold(after, marker);
        hold = armed;
        return armed;
    }

    /** A request held on its way: {@link #reached()} once it is. */
    public static final class Hold {
        private final String after;
        private final String marker;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile boolean afterSeen;
        private volatile boolean dropped;

        private Hold(String after, String marker) {
            this.after = after;
            this.marker = marker;
            this.afterSeen = after == null;
        }

        /** Forwards the held request: the server gets it late. */
        public void release() {
            released.countDown();
        }

        /** Waits for the held request; false if none came within the time. */
        public boolean reached(long seconds) throws InterruptedException {
            return reached.await(seconds, TimeUnit.SECONDS);
        }

        private synchronized boolean holds(String bytes) {
            if (reached.getCount() == 0) {
                return false;
            }
            if (!afterSeen) {
                afterSeen = bytes.contains(after);
                return false;
            }
            if (bytes.contains(marker)) {
                reached.countDown();
                return true;
            }
            return false;
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
                requests(client, server);
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
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    head.append((char) b);
                }
                failedRequests.incrementAndGet();
                client.getOutputStream().write(response.getBytes(StandardCharsets.UTF_8));
                client.getOutputStream().flush();
                // A client that did not wait for "100 Continue" is still sending the body: read it
                // as a server does, since closing on unread bytes resets the connection and the
                // client sees "Broken pipe" instead of the refusal.
                client.setSoTimeout(30_000);
                long left = contentLength(head.toString());
                byte[] sink = new byte[8192];
                while (left > 0) {
                    int read = in.read(sink, 0, (int) Math.min(sink.length, left));
                    if (read < 0) {
                        break;  // the client honoured the refusal and sent no body
                    }
                    left -= read;
                }
            } catch (IOException e) {
                // client went away
            }
        }, "tcp-proxy-refusal");
        responder.setDaemon(true);
        responder.start();
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                return Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        return 0;
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

    /** Client to server, watching for the held request. */
    private void requests(Socket client, Socket server) {
        Thread copier = new Thread(() -> {
            try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
                byte[] buffer = new byte[8192];
                String tail = "";
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    Hold armed = hold;
                    if (armed != null) {
                        String seen = tail + new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
                        if (armed.holds(seen)) {
                            armed.released.await();
                            if (armed.dropped) {
                                return;  // the proxy closed: the request never reaches the server
                            }
                        }
                        tail = seen.substring(Math.max(0, seen.length() - 256));
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the other side closed: fall through and close both
            } finally {
                closeQuietly(client);
                closeQuietly(server);
            }
        }, "tcp-proxy-requests");
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
        Hold armed = hold;
        if (armed != null) {
            armed.dropped = true;
            armed.released.countDown();
        }
        stop();
    }
}
