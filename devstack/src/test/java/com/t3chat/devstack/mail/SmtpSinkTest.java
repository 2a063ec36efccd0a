package com.t3chat.devstack.mail;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmtpSinkTest {

    /** What Keycloak's password reset looks like: an encoded subject, text and quoted-printable HTML alternatives. */
    static final String RESET_MAIL = """
            From: T3 Chat <no-reply@t3chat.local>
            To: alice@example.com
            Subject: =?UTF-8?Q?Passwort_zur=C3=BCcksetzen?= =?UTF-8?B?IOKAkyBUMyBDaGF0?=
            MIME-Version: 1.0
            Content-Type: multipart/alternative;
            \tboundary="----=_Part_0_123.456"

            ------=_Part_0_123.456
            Content-Type: text/plain; charset=UTF-8
            Content-Transfer-Encoding: base64

            %s
            ------=_Part_0_123.456
            Content-Type: text/html; charset=UTF-8
            Content-Transfer-Encoding: quoted-printable

            <html><body><p>Someone asked to reset your password. F=C3=BCr Alice:</p>
            <p><a href=3D"http://localhost:8180/realms/t3chat/login-actions/action-token=
            ?key=3DeyJhbGc.abc&amp;client_id=3Dt3chat-web&amp;tab_id=3DxY1">Reset</a></p>
            </body></html>
            ------=_Part_0_123.456--
            """.formatted(java.util.Base64.getMimeEncoder().encodeToString(("Reset your password: "
            + "http://localhost:8180/realms/t3chat/login-actions/action-token?key=eyJhbGc.abc&client_id=t3chat-web"
            + "&tab_id=xY1\nThe link expires in 5 minutes.\n").getBytes(StandardCharsets.UTF_8)));

    @TempDir
    Path folder;
    SmtpSink sink;

    @BeforeEach
    void start() {
        sink = SmtpSink.start(folder, 0);
    }

    @AfterEach
    void stop() {
        sink.close();
    }

    @Test
    void speaksTheSmtpDialogueAndRefusesWhatItDoesNotKnow() throws IOException {
        try (SmtpClient client = new SmtpClient(sink.port())) {
            assertThat(client.reply()).startsWith("220 ");
            String ehlo = client.send("EHLO test.local");
            assertThat(ehlo).startsWith("250-").contains("SIZE " + SmtpSink.MAX_MESSAGE, "PIPELINING", "8BITMIME");
            assertThat(ehlo.lines().toList().getLast()).startsWith("250 ");
            assertThat(client.send("HELO test.local")).startsWith("250 ");
            assertThat(client.send("AUTH PLAIN AGFsaWNlAGFsaWNl")).startsWith("502");
            assertThat(client.send("STARTTLS")).startsWith("502");
            assertThat(client.send("VRFY alice")).startsWith("502");
            assertThat(client.send("NOOP")).startsWith("250");
            assertThat(client.send("RCPT TO:<alice@example.com>")).startsWith("503");
            assertThat(client.send("DATA")).startsWith("503");
            assertThat(client.send("MAIL FROM alice")).startsWith("501");
            assertThat(client.send("mail from:<>")).startsWith("250");
            assertThat(client.send("MAIL FROM:<x@y>")).startsWith("503");
            assertThat(client.send("DATA")).startsWith("503");
            assertThat(client.send("QUIT")).startsWith("221");
        }
        assertThat(sink.mails()).isEmpty();
    }

    @Test
    void storesWhatArrivesDotUnstuffedWithBothRecipientsAndForgetsAResetTransaction() throws IOException {
        try (SmtpClient client = new SmtpClient(sink.port())) {
            client.reply();
            client.send("EHLO test.local");
            assertThat(client.send("MAIL FROM:<dropped@example.com>")).startsWith("250");
            assertThat(client.send("RCPT TO:<dropped@example.com>")).startsWith("250");
            assertThat(client.send("RSET")).startsWith("250");
            assertThat(client.send("DATA")).startsWith("503");

            String reply = client.mail("no-reply@t3chat.local", List.of("alice@example.com", "bob@example.com"), """
                    Subject: dots
                    
                    first line
                    .a line that starts with a dot
                    ..two dots
                    .
                    last line""");
            assertThat(reply).startsWith("250");
            assertThat(client.send("QUIT")).startsWith("221");
        }

        List<Path> files = emlFiles();
        assertThat(files).hasSize(1);
        assertThat(files.getFirst().getFileName().toString()).matches("\\d{13}-\\d{6}\\.eml");
        String stored = Files.readString(files.getFirst());
        assertThat(stored).isEqualTo("X-Envelope-From: <no-reply@t3chat.local>\r\n"
                + "X-Envelope-To: <alice@example.com>, <bob@example.com>\r\n"
                + "Subject: dots\r\n\r\nfirst line\r\n.a line that starts with a dot\r\n..two dots\r\n.\r\nlast line\r\n");

        Mail mail = sink.mails().getFirst();
        assertThat(mail.from()).isEqualTo("no-reply@t3chat.local");
        assertThat(mail.to()).containsExactly("alice@example.com", "bob@example.com");
        assertThat(mail.subject()).isEqualTo("dots");
        assertThat(mail.body()).contains("\r\n..two dots\r\n.\r\nlast line");
        assertThat(mail.received()).isBetween(Instant.now().minusSeconds(60), Instant.now());
    }

    @Test
    void decodesAPasswordResetMailAndItsLinks() throws IOException {
        send("no-reply@t3chat.local", List.of("alice@example.com"), RESET_MAIL);

        Mail mail = sink.mails().getFirst();
        assertThat(mail.subject()).isEqualTo("Passwort zurücksetzen – T3 Chat");
        assertThat(mail.header("From")).hasValue("T3 Chat <no-reply@t3chat.local>");
        assertThat(mail.body()).startsWith("Reset your password: http://").contains("expires in 5 minutes");
        assertThat(mail.html()).contains("Für Alice", "<a href=\"http://localhost:8180/realms/t3chat/login-actions/"
                + "action-token?key=eyJhbGc.abc&amp;client_id=t3chat-web&amp;tab_id=xY1\">");
        assertThat(mail.links()).containsExactly("http://localhost:8180/realms/t3chat/login-actions/action-token"
                + "?key=eyJhbGc.abc&client_id=t3chat-web&tab_id=xY1");
        assertThat(mail.raw()).contains("X-Envelope-To: <alice@example.com>", "=?UTF-8?Q?Passwort");
    }

    @Test
    void anHtmlOnlyMailIsItsBodyAndItsLinksLoseTheirEntities() throws IOException {
        send("", List.of("bob@example.com"), """
                Subject: =?utf-8?b?VmVyaWZ5IGVtYWls?=
                Content-Type: text/html; charset="utf-8"
                Content-Transfer-Encoding: quoted-printable
                
                <a href=3D"https://example.com/verify?a=3D1&amp;b=3D2&#38;c=3D3">verify</a>.""");

        Mail mail = sink.mails().getFirst();
        assertThat(mail.from()).isEmpty();
        assertThat(mail.subject()).isEqualTo("Verify email");
        assertThat(mail.body()).isEqualTo(mail.html()).startsWith("<a href=\"https://");
        assertThat(mail.links()).containsExactly("https://example.com/verify?a=1&b=2&c=3");
    }

    @Test
    void anotherInstanceReadsTheFolderAndAwaitMailWaitsForTheMatchingOne() throws Exception {
        CompletableFuture<Mail> waiting = CompletableFuture.supplyAsync(
                () -> sink.awaitMail(m -> m.to().contains("bob@example.com"), Duration.ofSeconds(10)));
        send("no-reply@t3chat.local", List.of("alice@example.com"), "Subject: one\r\n\r\nfor alice");
        Thread.sleep(50);
        assertThat(waiting).isNotDone();
        send("no-reply@t3chat.local", List.of("bob@example.com"), "Subject: two\r\n\r\nfor bob");

        assertThat(waiting.get().subject()).isEqualTo("two");
        sink.close();
        try (SmtpSink second = SmtpSink.start(folder, 0)) {
            assertThat(second.mails()).extracting(Mail::subject).containsExactly("one", "two");
        }
        assertThat(SmtpSink.read(folder)).extracting(Mail::subject).containsExactly("one", "two");
        assertThat(SmtpSink.read(folder.resolve("absent"))).isEmpty();
    }

    @Test
    void awaitMailNamesWhatArrivedWhenNothingMatches() throws IOException {
        send("no-reply@t3chat.local", List.of("alice@example.com"), "Subject: hello\r\n\r\nhi");
        assertThatThrownBy(() -> sink.awaitMail(m -> m.subject().equals("other"), Duration.ofMillis(200)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("hello");
    }

    @Test
    void refusesAMessageOverTheLimitWith552AndKeepsServing() throws IOException {
        try (SmtpClient client = new SmtpClient(sink.port())) {
            client.reply();
            client.send("EHLO test.local");
            assertThat(client.send("MAIL FROM:<a@b> SIZE=" + (SmtpSink.MAX_MESSAGE + 1))).startsWith("552");

            client.send("MAIL FROM:<a@b>");
            client.send("RCPT TO:<c@d>");
            assertThat(client.send("DATA")).startsWith("354");
            String line = "x".repeat(998) + "\r\n";
            String chunk = line.repeat(1024);
            client.write("Subject: huge\r\n\r\n");
            for (int i = 0; i < 11; i++) {
                client.write(chunk);
            }
            assertThat(client.send(".")).startsWith("552");

            // the same connection still works
            assertThat(client.mail("a@b", List.of("c@d"), "Subject: small\r\n\r\nfine")).startsWith("250");
        }
        assertThat(sink.mails()).extracting(Mail::subject).containsExactly("small");
        assertThat(emlFiles()).hasSize(1);
    }

    @Test
    void servesConnectionsInParallel() throws Exception {
        try (SmtpClient idle = new SmtpClient(sink.port())) {
            idle.reply();
            send("a@b", List.of("c@d"), "Subject: while another waits\r\n\r\nx");
        }
        assertThat(sink.mails()).hasSize(1);
    }

    private void send(String from, List<String> to, String message) throws IOException {
        try (SmtpClient client = new SmtpClient(sink.port())) {
            client.reply();
            client.send("EHLO test.local");
            assertThat(client.mail(from, to, message)).startsWith("250");
            client.send("QUIT");
        }
    }

    private List<Path> emlFiles() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
        }
    }
}
