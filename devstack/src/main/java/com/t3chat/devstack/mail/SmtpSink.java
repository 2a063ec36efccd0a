package com.t3chat.devstack.mail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A local SMTP server that accepts every message and keeps it as a file: where Keycloak's mails (password reset,
 * e-mail verification) go in local mode and in tests. No relaying, no AUTH, no STARTTLS.
 *
 * <p>Speaks the RFC 5321 subset a mail client needs: greeting {@code 220}, {@code EHLO}/{@code HELO},
 * {@code MAIL FROM}, {@code RCPT TO}, {@code DATA} (dot-unstuffing, ends with a line holding only {@code .}),
 * {@code RSET}, {@code NOOP}, {@code QUIT}; anything else gets {@code 502}. Limits: {@value #MAX_LINE} bytes per
 * line, {@value #MAX_MESSAGE} bytes per message (a bigger one is read to its end and refused with {@code 552}), 100
 * recipients. Listens on {@value #HOST} only, one virtual thread per connection.
 *
 * <p>Each message is stored as {@code <folder>/<epochMillis>-<seq>.eml} (so file names sort by arrival): the
 * message as received, after two added headers {@code X-Envelope-From} and {@code X-Envelope-To}. A file appears
 * whole (written aside, then moved), so {@link #read(Path)} from another process never sees half a message.
 *
 * <pre>{@code
 * try (SmtpSink sink = SmtpSink.start(tempDir, 0)) {
 *     ... point the mail sender at SmtpSink.HOST, sink.port() ...
 *     Mail mail = sink.awaitMail(m -> m.to().contains("alice@example.com"), Duration.ofSeconds(10));
 *     String resetLink = mail.links().getFirst();
 * }
 * }</pre>
 */
public final class SmtpSink implements AutoCloseable {

    /** The only address the sink listens on. */
    public static final String HOST = "127.0.0.1";
    /** The sender local-mode mails use (Keycloak's realm SMTP settings). */
    public static final String LOCAL_FROM = "no-reply@t3chat.local";
    public static final int MAX_MESSAGE = 10 * 1024 * 1024;
    public static final int MAX_LINE = 64 * 1024;
    static final int MAX_RECIPIENTS = 100;
    static final String EXTENSION = ".eml";
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    private final Path folder;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();
    private final Object arrivals = new Object();
    private volatile boolean closed;

    private SmtpSink(Path folder, ServerSocket server) {
        this.folder = folder;
        this.server = server;
        this.acceptor = Thread.ofVirtual().name("smtp-sink-accept").unstarted(this::acceptLoop);
    }

    /** Starts listening on {@value #HOST}:{@code port} (0: any free port); mails go to {@code folder}. */
    public static SmtpSink start(Path folder, int port) {
        try {
            Files.createDirectories(folder);
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            try {
                server.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 50);
            } catch (IOException e) {
                server.close();
                throw e;
            }
            SmtpSink sink = new SmtpSink(folder.toAbsolutePath().normalize(), server);
            sink.acceptor.start();
            return sink;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SMTP sink on " + HOST + ":" + port, e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public String host() {
        return HOST;
    }

    public Path folder() {
        return folder;
    }

    /** Every mail stored so far in the folder, oldest first. */
    public List<Mail> mails() {
        return read(folder);
    }

    /** The mails a sink stored in {@code folder} (possibly one in another process), oldest first; none if absent. */
    public static List<Mail> read(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(EXTENSION)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        List<Mail> mails = new ArrayList<>();
        for (Path file : files) {
            try {
                mails.add(Mail.parse(file));
            } catch (java.nio.file.NoSuchFileException e) {
                // deleted meanwhile
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return mails;
    }

    /**
     * The first stored mail (oldest first, including those that arrived before the call) that matches, waiting up to
     * {@code timeout} for it; throws {@link IllegalStateException} naming what did arrive if none does.
     */
    public Mail awaitMail(Predicate<Mail> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Mail> mails = mails();
            Optional<Mail> found = mails.stream().filter(matching).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("no matching mail within " + timeout.toMillis() + " ms; received "
                        + mails.size() + ": " + mails.stream().map(m -> m.to() + " " + m.subject()).toList());
            }
            synchronized (arrivals) {
                try {
                    arrivals.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a mail", e);
                }
            }
        }
    }

    /** Stops listening and drops open connections; stored mails stay. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : connections) {
            closeQuietly(socket);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread.ofVirtual().name("smtp-sink-" + socket.getPort()).start(() -> {
                    try {
                        serve(socket);
                    } catch (IOException e) {
                        // the client went away or timed out
                    } finally {
                        connections.remove(socket);
                        closeQuietly(socket);
                    }
                });
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("SMTP sink: accept failed: " + e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) throws IOException {
        socket.setSoTimeout((int) IDLE_TIMEOUT.toMillis());
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        reply(out, "220 " + HOST + " t3chat SMTP sink ready");
        String from = null;
        List<String> to = new ArrayList<>();
        while (true) {
            Line line = Line.read(in, MAX_LINE);
            if (line == null) {
                return;
            }
            if (line.tooLong()) {
                reply(out, "500 line too long");
                continue;
            }
            String command = line.text(StandardCharsets.UTF_8);
            String verb = (command.contains(" ") ? command.substring(0, command.indexOf(' ')) : command)
                    .toUpperCase(Locale.ROOT);
            String argument = command.substring(verb.length()).strip();
            switch (verb) {
                case "EHLO" -> {
                    from = null;
                    to.clear();
                    reply(out, "250-" + HOST + " hello " + argument, "250-8BITMIME", "250-PIPELINING",
                            "250 SIZE " + MAX_MESSAGE);
                }
                case "HELO" -> {
                    from = null;
                    to.clear();
                    reply(out, "250 " + HOST + " hello " + argument);
                }
                case "MAIL" -> {
                    Optional<String> path = path(argument, "FROM:");
                    if (from != null) {
                        reply(out, "503 nested MAIL command");
                    } else if (path.isEmpty()) {
                        reply(out, "501 syntax: MAIL FROM:<address>");
                    } else if (declaredSize(argument) > MAX_MESSAGE) {
                        reply(out, "552 message size exceeds the fixed maximum of " + MAX_MESSAGE + " bytes");
                    } else {
                        from = path.get();
                        reply(out, "250 OK");
                    }
                }
                case "RCPT" -> {
                    Optional<String> path = path(argument, "TO:");
                    if (from == null) {
                        reply(out, "503 need MAIL before RCPT");
                    } else if (path.isEmpty() || path.get().isEmpty()) {
                        reply(out, "501 syntax: RCPT TO:<address>");
                    } else if (to.size() >= MAX_RECIPIENTS) {
                        reply(out, "452 too many recipients");
                    } else {
                        to.add(path.get());
                        reply(out, "250 OK");
                    }
                }
                case "DATA" -> {
                    if (from == null || to.isEmpty()) {
                        reply(out, "503 need MAIL and RCPT before DATA");
                        continue;
                    }
                    reply(out, "354 end data with <CR><LF>.<CR><LF>");
                    Data data = Data.read(in);
                    if (data == null) {
                        return;
                    }
                    if (data.tooBig()) {
                        reply(out, "552 message size exceeds the fixed maximum of " + MAX_MESSAGE + " bytes");
                    } else if (data.lineTooLong()) {
                        reply(out, "500 line too long");
                    } else {
                        Path file = store(from, to, data.bytes());
                        reply(out, "250 OK stored as " + file.getFileName());
                    }
                    from = null;
                    to.clear();
                }
                case "RSET" -> {
                    from = null;
                    to.clear();
                    reply(out, "250 OK");
                }
                case "NOOP" -> reply(out, "250 OK");
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return;
                }
                case "" -> reply(out, "500 syntax error");
                default -> reply(out, "502 command not implemented");
            }
        }
    }

    /** {@code FROM:<a@b> SIZE=1} → {@code a@b}; empty for the null path {@code <>}. */
    static Optional<String> path(String argument, String keyword) {
        if (!argument.regionMatches(true, 0, keyword, 0, keyword.length())) {
            return Optional.empty();
        }
        String rest = argument.substring(keyword.length()).strip();
        if (rest.startsWith("<")) {
            int end = rest.indexOf('>');
            return end < 0 ? Optional.empty() : Optional.of(rest.substring(1, end).strip());
        }
        String bare = rest.split("\\s+", 2)[0];
        return bare.isEmpty() ? Optional.empty() : Optional.of(bare);
    }

    private static long declaredSize(String argument) {
        for (String parameter : argument.split("\\s+")) {
            if (parameter.regionMatches(true, 0, "SIZE=", 0, 5)) {
                try {
                    return Long.parseLong(parameter.substring(5));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private Path store(String from, List<String> to, byte[] message) throws IOException {
        String name = "%d-%06d%s".formatted(System.currentTimeMillis(), sequence.incrementAndGet(), EXTENSION);
        Path file = folder.resolve(name);
        Path temporary = folder.resolve("." + name + ".tmp");
        String envelope = "X-Envelope-From: <" + from + ">\r\nX-Envelope-To: "
                + String.join(", ", to.stream().map(t -> "<" + t + ">").toList()) + "\r\n";
        try (OutputStream out = Files.newOutputStream(temporary)) {
            out.write(envelope.getBytes(StandardCharsets.UTF_8));
            out.write(message);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file);
        }
        synchronized (arrivals) {
            arrivals.notifyAll();
        }
        return file;
    }

    private static void reply(OutputStream out, String... lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append("\r\n");
        }
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** One line without its CRLF (a bare LF ends a line too); {@code tooLong} if cut at the limit. */
    private record Line(byte[] bytes, boolean tooLong) {

        /** The next line, or null at the end of the stream. */
        static Line read(InputStream in, int limit) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            boolean tooLong = false;
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new Line(java.util.Arrays.copyOf(bytes, length), tooLong);
                }
                if (line.size() < limit) {
                    line.write(b);
                } else {
                    tooLong = true;
                }
            }
            return null;
        }

        String text(java.nio.charset.Charset charset) {
            return new String(bytes, charset);
        }
    }

    /** A DATA section up to the lone dot, dot-unstuffed, lines ended with CRLF. */
    private record Data(byte[] bytes, boolean tooBig, boolean lineTooLong) {

        /** Null if the stream ended before the lone dot. */
        static Data read(InputStream in) throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream(4096);
            boolean tooBig = false;
            boolean lineTooLong = false;
            while (true) {
                Line line = Line.read(in, MAX_LINE);
                if (line == null) {
                    return null;
                }
                byte[] bytes = line.bytes();
                if (bytes.length == 1 && bytes[0] == '.') {
                    return new Data(message.toByteArray(), tooBig, lineTooLong);
                }
                lineTooLong |= line.tooLong();
                int start = bytes.length > 0 && bytes[0] == '.' ? 1 : 0;
                if (!tooBig && message.size() + bytes.length - start + 2 > MAX_MESSAGE) {
                    tooBig = true;
                    message = new ByteArrayOutputStream(0);
                }
                if (!tooBig) {
                    message.write(bytes, start, bytes.length - start);
                    message.write('\r');
                    message.write('\n');
                }
            }
        }
    }
}
