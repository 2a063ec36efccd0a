package com.t3chat.devstack.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The local SMTP server that accepts every message and keeps it as a file: where Keycloak's mails (password reset,
 * e-mail verification) go in local mode and in tests. The SMTP side is GreenMail's (no AUTH, no relaying); this class
 * only adds what GreenMail does not: every mail is also written to a folder, so it outlives a restart of the stack
 * and {@code ./dev mail} can read it from another process.
 *
 * <p>Each message is stored as {@code <folder>/<epochMillis>-<seq>.eml} (so file names sort by arrival): the
 * message as GreenMail received it (it adds {@code Return-Path} and {@code Received}), after two more headers
 * {@code X-Envelope-From} and {@code X-Envelope-To}. A file appears whole (written aside, then moved) before the
 * client gets its {@code 250}, so {@link #read(Path)} never sees half a message. GreenMail refuses the null sender
 * ({@code MAIL FROM:<>}) at {@code DATA} with {@code 503}; Keycloak always sends from {@link #LOCAL_FROM}.
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
    static final String EXTENSION = ".eml";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

    private final Path folder;
    private final GreenMail server;
    private final AtomicLong sequence = new AtomicLong();
    private final Object arrivals = new Object();

    private SmtpSink(Path folder, GreenMail server) {
        this.folder = folder;
        this.server = server;
    }

    /** Starts listening on {@value #HOST}:{@code port} (0: any free port); mails go to {@code folder}. */
    public static SmtpSink start(Path folder, int port) {
        Path absolute = folder.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + absolute, e);
        }
        ServerSetup smtp = new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP);
        // GreenMail's 2 s to bind is short on 2 busy cores; a taken port still fails at once
        smtp.setServerStartupTimeout(STARTUP_TIMEOUT.toMillis());
        GreenMail server = new GreenMail(smtp)
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        SmtpSink sink = new SmtpSink(absolute, server);
        UserManager users = server.getUserManager();
        users.setMessageDeliveryHandler(sink.storingFirst(users.getMessageDeliveryHandler()));
        try {
            server.start();
        } catch (RuntimeException e) {
            server.stop();
            throw new IllegalStateException("cannot start the SMTP sink on " + HOST + ":" + port, e);
        }
        return sink;
    }

    public int port() {
        return server.getSmtp().getPort();
    }

    public String host() {
        return HOST;
    }

    public Path folder() {
        return folder;
    }

    /** Every mail stored so far in the folder (also those of earlier runs), oldest first. */
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
            } catch (NoSuchFileException e) {
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
                    // woken by each arrival; the bound also catches files another process writes
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
        server.stop();
    }

    /**
     * GreenMail hands a message to the delivery handler once per recipient: the file is written for the first one
     * (the same set is iterated each time), then GreenMail's own handler puts it in that recipient's mailbox.
     */
    private MessageDeliveryHandler storingFirst(MessageDeliveryHandler mailboxes) {
        return (message, recipient) -> {
            if (message.getToAddresses().iterator().next() == recipient) {
                store(message);
            }
            return mailboxes.handle(message, recipient);
        };
    }

    private void store(MovingMessage message) throws MessagingException {
        String name = "%d-%06d%s".formatted(System.currentTimeMillis(), sequence.incrementAndGet(), EXTENSION);
        Path file = folder.resolve(name);
        Path temporary = folder.resolve("." + name + ".tmp");
        String envelope = "X-Envelope-From: <" + message.getReturnPath().getEmail() + ">\r\nX-Envelope-To: "
                + String.join(", ", message.getToAddresses().stream().map(MailAddress::getEmail)
                        .map(t -> "<" + t + ">").toList()) + "\r\n";
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                out.write(envelope.getBytes(StandardCharsets.UTF_8));
                message.getMessage().writeTo(out);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file);
            }
        } catch (IOException e) {
            // GreenMail answers 451 to the client: the mail is not lost silently
            throw new MessagingException("cannot store the mail as " + file, e);
        }
        synchronized (arrivals) {
            arrivals.notifyAll();
        }
    }
}
