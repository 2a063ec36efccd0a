package com.t3chat.llm.egress;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body a stream's parser reads. langchain4j cancels a stream by closing this stream (from any thread), and
 * closing Apache's own body stream would first read the rest of the response, which for an endless stream never
 * ends. So closing this aborts the exchange at once (its HTTP/1.1 connection, or its HTTP/2 stream alone), and a read
 * blocked on it, or any later read, sees the end of the stream rather than an error: a cancelled stream ends quietly.
 *
 * <p>Once the body has been read to its end the connection is already back in the pool and the abort does nothing.
 */
final class StreamBody extends FilterInputStream {

    private final Runnable abort;
    private volatile boolean closed;

    StreamBody(InputStream body, Runnable abort) {
        super(body);
        this.abort = abort;
    }

    @Override
    public int read() throws IOException {
        if (closed) {
            return -1;
        }
        try {
            return super.read();
        } catch (IOException e) {
            if (closed) {
                return -1;
            }
            throw e;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (closed) {
            return -1;
        }
        try {
            return super.read(buffer, offset, length);
        } catch (IOException e) {
            if (closed) {
                return -1;
            }
            throw e;
        }
    }

    @Override
    public long skip(long n) throws IOException {
        return closed ? 0 : super.skip(n);
    }

    @Override
    public int available() throws IOException {
        return closed ? 0 : super.available();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            abort.run();
        }
    }
}
