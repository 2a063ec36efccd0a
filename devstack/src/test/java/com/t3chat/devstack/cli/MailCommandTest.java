package com.t3chat.devstack.cli;

import com.t3chat.devstack.mail.Mail;
import com.t3chat.devstack.mail.SmtpSink;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class MailCommandTest {

    private static final Path FOLDER = Path.of("/data/mail");

    private static Mail mail(String to, String subject, String body) {
        return new Mail(FOLDER.resolve("1700000000000-000001.eml"), "no-reply@t3chat.local", List.of(to), subject,
                Instant.parse("2026-11-02T10:15:30Z"), List.of(new Mail.Header("Subject", subject),
                new Mail.Header("To", to)), body, "", "raw");
    }

    @Test
    void listsEachMailWithItsLinksIndentedAndCountsThem() {
        String out = MailCommand.list(List.of(
                mail("alice@example.com", "Reset password", "go to http://localhost:8180/reset?key=1&tab=2 now."),
                mail("bob@example.com", "", "no link")));

        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  alice@example.com  Reset password");
        assertThat(lines.get(1)).isEqualTo("    http://localhost:8180/reset?key=1&tab=2");
        assertThat(lines.get(2)).endsWith("bob@example.com  (no subject)");
        assertThat(lines.get(3)).isEqualTo("2 mails in " + FOLDER);
    }

    @Test
    void showsTheLastMailWithHeadersBodyAndLinks() {
        String out = MailCommand.whole(mail("alice@example.com", "Reset password", "Click http://x.test/a\n"));

        assertThat(out).startsWith("Subject: Reset password\nTo: alice@example.com\n\nClick http://x.test/a\n"
                .replace("\n", System.lineSeparator()));
        assertThat(out).contains("links:", "    http://x.test/a", "file: " + FOLDER.resolve("1700000000000-000001.eml"));
    }

    @Test
    void showsAMailTheSinkReceivedOverSmtpFromItsFolder(@TempDir Path folder) throws Exception {
        try (SmtpSink sink = SmtpSink.start(folder, 0)) {
            Properties properties = new Properties();
            properties.setProperty("mail.smtp.host", SmtpSink.HOST);
            properties.setProperty("mail.smtp.port", Integer.toString(sink.port()));
            MimeMessage message = new MimeMessage(Session.getInstance(properties));
            message.setFrom(SmtpSink.LOCAL_FROM);
            message.setRecipients(Message.RecipientType.TO, "alice@example.com");
            message.setSubject("Zurücksetzen", "UTF-8");
            message.setText("<p><a href=\"http://localhost:8180/reset?key=1&amp;tab=2\">Reset</a></p>", "UTF-8",
                    "html");
            Transport.send(message);
        }

        // read as ./dev mail does: from the folder, with no sink running
        List<Mail> mails = SmtpSink.read(folder);
        List<String> lines = MailCommand.list(mails).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).endsWith("  alice@example.com  Zurücksetzen");
        assertThat(lines.get(1)).isEqualTo("    http://localhost:8180/reset?key=1&tab=2");
        assertThat(lines.get(2)).isEqualTo("1 mail in " + folder.toAbsolutePath().normalize());

        String whole = MailCommand.whole(mails.getLast());
        assertThat(whole).contains("X-Envelope-To: <alice@example.com>" + System.lineSeparator(),
                "Subject: Zurücksetzen" + System.lineSeparator(), "<a href=\"http://localhost:8180/reset?key=1&amp;tab=2\">",
                "links:", "file: " + mails.getLast().file());
    }
}
