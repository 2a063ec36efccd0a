package com.t3chat.llm.egress;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A destination on 127.0.0.1 for the tests: the JDK's HTTP server, and a bare listener that only counts the TCP
 * connections made to it (to prove a refused request never reached the network).
 */
final class TargetServer implements AutoCloseable {

    private final HttpServer http;
    private final ServerSocket listener;
    private final AtomicInteger connections = new AtomicInteger();

    private TargetServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.start();
        listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().start(this::countConnections);
    }

    static TargetServer start() {
        try {
            return new TargetServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TargetServer handle(String path, HttpHandler handler) {
        http.createContext(path, handler);
        return this;
    }

    /** The HTTP server's port. */
    int port() {
        return http.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** The counting listener's port; nothing there speaks HTTP. */
    int listenerPort() {
        return listener.getLocalPort();
    }

    /** TCP connections the counting listener has accepted. */
    int connections() {
        return connections.get();
    }

    /** An endless stream's bookkeeping: streams open now, and a latch that opens once a write failed. */
    record EndlessStream(AtomicInteger open, CountDownLatch clientGone) {
    }

    /** Serves a stream of the same event every 20 ms that ends only when a write fails: when the client went away. */
    EndlessStream endlessStream(String path, String data) {
        var stream = new EndlessStream(new AtomicInteger(), new CountDownLatch(1));
        handle(path, exchange -> {
            stream.open().incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            try (OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, 0);
                while (!Thread.currentThread().isInterrupted()) {
                    event(out, data);
                    Thread.sleep(20);
                }
            } catch (IOException e) {
                stream.clientGone().countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stream.open().decrementAndGet();
            }
        });
        return stream;
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Writes one server-sent event and pushes it onto the wire. */
    static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        http.stop(0);
        listener.close();
    }

    private void countConnections() {
        while (!listener.isClosed()) {
            try (Socket ignored = listener.accept()) {
                connections.incrementAndGet();
            } catch (IOException e) {
                return;
            }
        }
    }
}
