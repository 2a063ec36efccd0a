package com.t3chat.devstack.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Real mails over SMTP (Jakarta Mail's client, as Keycloak's sender is) into the sink, read back from its files. */
class SmtpSinkTest {

    static final String RESET_LINK = "http://localhost:8180/realms/t3chat/login-actions/action-token"
            + "?key=eyJhbGc.abc&client_id=t3chat-web&tab_id=xY1";

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

    /** What Keycloak's password reset looks like: an encoded subject, text and quoted-printable HTML alternatives. */
    static MimeMessage resetMail(Session session, String to) throws MessagingException, UnsupportedEncodingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(SmtpSink.LOCAL_FROM, "T3 Chat"));
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject("Passwort zurücksetzen – T3 Chat", "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Reset your password: " + RESET_LINK + "\nThe link expires in 5 minutes.\n", "UTF-8");
        text.setHeader("Content-Transfer-Encoding", "base64");
        MimeBodyPart html = new MimeBodyPart();
        html.setText("<html><body><p>Someone asked to reset your password. Für Alice:</p>\n<p><a href=\""
                + RESET_LINK.replace("&", "&amp;") + "\">Reset</a></p>\n</body></html>", "UTF-8", "html");
        html.setHeader("Content-Transfer-Encoding", "quoted-printable");
        message.setContent(new MimeMultipart("alternative", text, html));
        return message;
    }

    @Test
    void decodesAPasswordResetMailAndItsLinkWithTheEnvelopeRecipients() throws Exception {
        Session session = session(sink.port());
        MimeMessage reset = resetMail(session, "alice@example.com");
        reset.setRecipients(Message.RecipientType.BCC, "bob@example.com");
        Transport.send(reset);

        List<Path> files = emlFiles();
        assertThat(files).hasSize(1);
        assertThat(files.getFirst().getFileName().toString()).matches("\\d{13}-\\d{6}\\.eml");
        Mail mail = sink.mails().getFirst();
        assertThat(mail.file()).isEqualTo(files.getFirst());
        assertThat(mail.from()).isEqualTo(SmtpSink.LOCAL_FROM);
        // Bcc is only in the envelope
        assertThat(mail.to()).containsExactlyInAnyOrder("alice@example.com", "bob@example.com");
        assertThat(mail.header("To")).hasValue("alice@example.com");
        assertThat(mail.header("From")).hasValue("T3 Chat <no-reply@t3chat.local>");
        // Jakarta Mail folds this header; read back it is one line
        assertThat(mail.raw()).containsPattern("Content-Type: multipart/alternative;\\s*\\r\\n\\tboundary=");
        assertThat(mail.header("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).matches("multipart/alternative; boundary=\"[^\"]+\""));
        assertThat(mail.raw()).contains("X-Envelope-From: <no-reply@t3chat.local>", "=?UTF-8?",
                "Content-Transfer-Encoding: base64", "Content-Transfer-Encoding: quoted-printable")
                .doesNotContain("zurücksetzen");
        assertThat(mail.subject()).isEqualTo("Passwort zurücksetzen – T3 Chat");
        assertThat(mail.body()).startsWith("Reset your password: http://").contains("expires in 5 minutes");
        assertThat(mail.html()).contains("Für Alice", "<a href=\"http://localhost:8180/realms/t3chat/login-actions/"
                + "action-token?key=eyJhbGc.abc&amp;client_id=t3chat-web&amp;tab_id=xY1\">");
        assertThat(mail.links()).containsExactly(RESET_LINK);
        assertThat(mail.received()).isBetween(Instant.now().minusSeconds(60), Instant.now());
    }

    @Test
    void anHtmlOnlyMailIsItsBodyAndItsLinksLoseTheirEntities() throws Exception {
        MimeMessage message = new MimeMessage(session(sink.port()));
        message.setFrom(SmtpSink.LOCAL_FROM);
        message.setRecipients(Message.RecipientType.TO, "bob@example.com");
        message.setSubject("Verify email");
        message.setText("<a href=\"https://example.com/verify?a=1&amp;b=2&#38;c=3\">verify</a>.", "UTF-8", "html");
        Transport.send(message);

        Mail mail = sink.mails().getFirst();
        assertThat(mail.subject()).isEqualTo("Verify email");
        assertThat(mail.body()).isEqualTo(mail.html()).startsWith("<a href=\"https://");
        assertThat(mail.links()).containsExactly("https://example.com/verify?a=1&b=2&c=3");
    }

    @Test
    void aPartInAnUnknownCharsetIsReadAsUtf8AndTheOtherMailsStillRead() throws Exception {
        send(sink.port(), "alice@example.com", "fine", "hello");
        // no client sends this (they refuse the charset): the file is written as the sink would have
        Files.writeString(folder.resolve("9999999999999-000001.eml"), """
                X-Envelope-From: <no-reply@t3chat.local>
                X-Envelope-To: <bob@example.com>
                Subject: odd charset
                Content-Type: text/plain; charset=x-no-such-charset
                
                see https://example.com/x für bob
                """, StandardCharsets.UTF_8);

        List<Mail> mails = SmtpSink.read(folder);
        assertThat(mails).extracting(Mail::subject).containsExactly("fine", "odd charset");
        assertThat(mails.getLast().body()).contains("für bob");
        assertThat(mails.getLast().links()).containsExactly("https://example.com/x");
    }

    @Test
    void awaitMailWaitsForTheMatchingOneAndMailsOutliveARestart() throws Exception {
        CompletableFuture<Mail> waiting = CompletableFuture.supplyAsync(
                () -> sink.awaitMail(m -> m.to().contains("bob@example.com"), Duration.ofSeconds(10)));
        send(sink.port(), "alice@example.com", "one", "for alice\n.a line that starts with a dot\n..two dots\n");
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        send(sink.port(), "bob@example.com", "two", "for bob");

        assertThat(waiting.get().subject()).isEqualTo("two");
        // SMTP's dot-stuffing undone: the text arrives as written
        assertThat(sink.mails().getFirst().body()).contains(".a line that starts with a dot", "..two dots");
        sink.close();

        try (SmtpSink second = SmtpSink.start(folder, 0)) {
            assertThat(second.mails()).extracting(Mail::subject).containsExactly("one", "two");
            send(second.port(), "carol@example.com", "three", "after the restart");
            assertThat(second.mails()).extracting(Mail::subject).containsExactly("one", "two", "three");
        }
        assertThat(SmtpSink.read(folder)).extracting(Mail::subject).containsExactly("one", "two", "three");
        assertThat(SmtpSink.read(folder.resolve("absent"))).isEmpty();
    }

    @Test
    void awaitMailNamesWhatArrivedWhenNothingMatches() throws Exception {
        send(sink.port(), "alice@example.com", "hello", "hi");
        assertThatThrownBy(() -> sink.awaitMail(m -> m.subject().equals("other"), Duration.ofMillis(200)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("hello");
    }

    @Test
    void servesAMailWhileAnotherConnectionIdles() throws Exception {
        try (Socket idle = new Socket(SmtpSink.HOST, sink.port())) {
            idle.setSoTimeout(5_000);
            String greeting = new BufferedReader(new InputStreamReader(idle.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(greeting).startsWith("220 ");
            send(sink.port(), "c@d.test", "while another waits", "x");
        }
        assertThat(sink.mails()).extracting(Mail::subject).containsExactly("while another waits");
    }

    @Test
    void aTakenPortFailsTheStartAndNamesIt() {
        assertThatThrownBy(() -> SmtpSink.start(folder, sink.port()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(":" + sink.port());
    }

    static Session session(int port) {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", SmtpSink.HOST);
        properties.setProperty("mail.smtp.port", Integer.toString(port));
        properties.setProperty("mail.smtp.connectiontimeout", "5000");
        properties.setProperty("mail.smtp.timeout", "5000");
        return Session.getInstance(properties);
    }

    static void send(int port, String to, String subject, String text) throws MessagingException {
        MimeMessage message = new MimeMessage(session(port));
        message.setFrom(SmtpSink.LOCAL_FROM);
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(subject);
        message.setText(text, "UTF-8");
        Transport.send(message);
    }

    private List<Path> emlFiles() throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
        }
    }
}
