package com.t3chat.embedding.scan;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * A clamd client for its {@code INSTREAM} command: the file is sent in length-prefixed chunks (4-byte big-endian
 * length, then the bytes; a zero length ends it) and clamd answers {@code stream: OK}, {@code stream: <signature>
 * FOUND} or {@code … ERROR}, terminated by a NUL (the {@code z} command prefix). Blocking: job threads only.
 * No maintained Java clamd client exists on Maven Central; the protocol is a few lines (clamd(8), "INSTREAM").
 */
@Component
public class ClamdClient {

    static final int CHUNK_SIZE = 64 * 1024;
    private static final Pattern FOUND = Pattern.compile("^stream: (.+) FOUND$");
    private static final int MAX_REPLY = 4096;

    private final ClamdProperties properties;

    ClamdClient(ClamdProperties properties) {
        this.properties = properties;
    }

    public boolean configured() {
        return properties.configured();
    }

    /**
     * @return the verdict on the file
     * @throws ClamdUnavailableException when clamd cannot be reached or answers with an error (the scan did not happen)
     */
    public ScanVerdict scan(Path file) {
        int timeout = (int) Math.min(Integer.MAX_VALUE, properties.timeout().toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(properties.host(), properties.port()), timeout);
            socket.setSoTimeout(timeout);
            var out = new DataOutputStream(socket.getOutputStream());
            out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[CHUNK_SIZE];
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(chunk)) > 0; ) {
                    out.writeInt(n);
                    out.write(chunk, 0, n);
                }
                out.writeInt(0);
                out.flush();
            } catch (IOException e) {
                // clamd stops reading and closes when the stream is over its StreamMaxLength: its reply says so
                String reply = readReply(socket.getInputStream());
                if (reply.isEmpty()) {
                    throw e;
                }
                return verdict(reply);
            }
            return verdict(readReply(socket.getInputStream()));
        } catch (IOException e) {
            throw new ClamdUnavailableException("The virus scanner (clamd at " + properties.host() + ":"
                    + properties.port() + ") could not be reached: " + e.getMessage(), e);
        }
    }

    static ScanVerdict verdict(String reply) {
        if (reply.equals("stream: OK")) {
            return ScanVerdict.clean();
        }
        Matcher found = FOUND.matcher(reply);
        if (found.matches()) {
            return ScanVerdict.infected(found.group(1));
        }
        throw new ClamdUnavailableException("The virus scanner answered: " + reply, null);
    }

    private static String readReply(InputStream in) throws IOException {
        var reply = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1 && b != 0; ) {
            if (reply.size() < MAX_REPLY) {
                reply.write(b);
            }
        }
        return reply.toString(StandardCharsets.UTF_8).strip();
    }

    /** The scan could not be done (clamd down, or it answered with an error such as a size limit). */
    public static class ClamdUnavailableException extends RuntimeException {

        ClamdUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
