package com.t3chat.llm.egress;

import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What {@link Http2Transport} knows of each https destination ({@code host:port}) it reaches, and the three rules it
 * keeps there:
 * <ul>
 *   <li><b>A cap on streams.</b> The JDK puts every exchange to a destination on its one HTTP/2 connection and fails the
 *   one past the server's {@code SETTINGS_MAX_CONCURRENT_STREAMS} instead of opening a second connection; at most
 *   {@code streamsPerHost} go this way, the rest take the classic HTTP/1.1 pool.</li>
 *   <li><b>One first contact at a time.</b> The JDK shares a connection only once it is open: exchanges that start
 *   together while none is under way would each open one (and keep it for their whole stream). So while no exchange
 *   to the destination has its response head, one goes ahead and the others wait for its head, at most
 *   {@code firstContactWait}, then go anyway.</li>
 *   <li><b>HTTP/1.1 is remembered.</b> A server that did not take {@code h2} by ALPN answers over HTTP/1.1; later
 *   exchanges to it take the classic pool, which is made for that (a connection per exchange, counted).</li>
 * </ul>
 * Destinations are the operator's configured endpoints only, a short list: nothing is ever forgotten.
 */
final class Http2Destinations {

    private final int streamsPerHost;
    private final Duration firstContactWait;
    private final Map<String, Destination> known = new ConcurrentHashMap<>();

    Http2Destinations(int streamsPerHost, Duration firstContactWait) {
        this.streamsPerHost = streamsPerHost;
        this.firstContactWait = firstContactWait;
    }

    /**
     * A stream on the destination's HTTP/2 connection, after any wait for a first contact under way; {@code null}
     * when the destination speaks only HTTP/1.1 or all its streams are taken.
     */
    Stream stream(String destination) throws InterruptedIOException {
        Destination to = known.computeIfAbsent(destination, key -> new Destination(streamsPerHost));
        if (to.http1Only || !to.streams.tryAcquire()) {
            return null;
        }
        try {
            return new Stream(to, to.awaitContact(firstContactWait));
        } catch (InterruptedIOException e) {
            to.streams.release();
            throw e;
        }
    }

    private static final class Destination {

        private final Semaphore streams;
        private volatile boolean http1Only;
        /** Streams open with their response head in: the connection is open and shared. Guarded by {@code this}. */
        private int answered;
        /** The first contact under way while none is answered, else null. Guarded by {@code this}. */
        private CompletableFuture<Void> firstContact;

        Destination(int streamsPerHost) {
            this.streams = new Semaphore(streamsPerHost);
        }

        /** The first contact the caller makes, or null: one was made, or was waited for long enough. */
        private CompletableFuture<Void> awaitContact(Duration wait) throws InterruptedIOException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                CompletableFuture<Void> underWay;
                synchronized (this) {
                    if (answered > 0) {
                        return null;
                    }
                    if (firstContact == null) {
                        firstContact = new CompletableFuture<>();
                        return firstContact;
                    }
                    underWay = firstContact;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                try {
                    underWay.get(left, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    return null;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a first contact never fails", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while another stream connected");
                }
            }
        }

        private synchronized void endContact(CompletableFuture<Void> contact) {
            if (firstContact == contact) {
                firstContact = null;
            }
            contact.complete(null);
        }
    }

    /** One exchange's place on a destination: told when its head is in, closed once when it ends. */
    static final class Stream {

        private final Destination to;
        private final CompletableFuture<Void> firstContact;
        private final AtomicBoolean closed = new AtomicBoolean();
        private boolean answered;

        private Stream(Destination to, CompletableFuture<Void> firstContact) {
            this.to = to;
            this.firstContact = firstContact;
        }

        /** The response head arrived over {@code version}: the connection is open, others may share it now. */
        void answered(HttpClient.Version version) {
            if (version == HttpClient.Version.HTTP_1_1) {
                to.http1Only = true;
            }
            synchronized (to) {
                answered = true;
                to.answered++;
            }
            if (firstContact != null) {
                to.endContact(firstContact);
            }
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                synchronized (to) {
                    if (answered) {
                        to.answered--;
                    }
                }
                if (firstContact != null) {
                    to.endContact(firstContact); // when it failed: the next one tries
                }
                to.streams.release();
            }
        }
    }
}
