package com.t3chat.llm.egress;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body from the JDK client, read as a stream on the exchange's own thread, with the read timeout the JDK
 * lacks: its request timeout ends at the response head, and its own body streams wait for the next byte forever, so a
 * provider that stalls mid-stream would hold the reply open. Here each read waits at most the read timeout, then the
 * stream is cancelled and the read fails with a {@link SocketTimeoutException}, as a stalled socket does with Apache.
 *
 * <p>Cancelling (a timeout, {@link #abort()}) cancels the subscription: over HTTP/2 the JDK resets that stream alone and
 * its connection goes on serving the others. One batch of buffers is asked for at a time, so a reader that falls
 * behind holds the server back by HTTP/2 flow control instead of filling this server's memory.
 */
final class TimedBody extends InputStream implements BodySubscriber<TimedBody> {

    private static final Object END = new Object();

    private final Duration readTimeout;
    private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    private Iterator<ByteBuffer> batch = Collections.emptyIterator();
    private ByteBuffer current = ByteBuffer.allocate(0);
    private boolean owed;
    private boolean ended;
    private volatile boolean aborted;

    TimedBody(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    @Override
    public CompletionStage<TimedBody> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription given) {
        subscription.complete(given);
        if (aborted) {
            given.cancel();
        } else {
            given.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        arrived.add(buffers);
    }

    @Override
    public void onError(Throwable error) {
        arrived.add(error);
    }

    @Override
    public void onComplete() {
        arrived.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!current.hasRemaining()) {
            if (aborted || ended || !next()) {
                return -1;
            }
        }
        int count = Math.min(length, current.remaining());
        current.get(buffer, offset, count);
        return count;
    }

    @Override
    public int available() {
        return aborted ? 0 : current.remaining();
    }

    /** Ends the exchange now, from any thread: the stream is cancelled and a waiting read sees the end. */
    void abort() {
        if (!aborted) {
            aborted = true;
            subscription.thenAccept(Flow.Subscription::cancel);
            arrived.add(END);
        }
    }

    @Override
    public void close() {
        abort();
    }

    /** Moves to the next buffer, waiting up to the read timeout for one; false at the end of the body. */
    private boolean next() throws IOException {
        if (batch.hasNext()) {
            current = batch.next();
            return true;
        }
        if (owed) {
            owed = false;
            subscription.join().request(1);
        }
        Object item;
        try {
            item = arrived.poll(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            throw new InterruptedIOException("interrupted while reading a response body");
        }
        if (item == null) {
            abort();
            throw new SocketTimeoutException("Read timed out: no byte within " + readTimeout);
        }
        if (item == END) {
            ended = true;
            return false;
        }
        if (item instanceof Throwable error) {
            ended = true;
            throw error instanceof IOException io ? io : new IOException(error);
        }
        @SuppressWarnings("unchecked")
        List<ByteBuffer> buffers = (List<ByteBuffer>) item;
        batch = buffers.iterator();
        owed = true;
        return true;
    }
}
