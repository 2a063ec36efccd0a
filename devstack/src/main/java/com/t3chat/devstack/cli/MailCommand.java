package com.t3chat.devstack.cli;

import com.t3chat.devstack.layout.StackLayout;
import com.t3chat.devstack.mail.Mail;
import com.t3chat.devstack.mail.SmtpSink;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code mail [--last]}: the mails the local SMTP sink received (read from {@code <data>/mail}, so it works whether
 * or not the stack runs), oldest first: time, recipients, subject and the links in each; with {@code --last} the
 * newest one whole (headers and decoded body).
 */
final class MailCommand {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private MailCommand() {
    }

    static int run(String[] args) {
        boolean last = args.length > 1 && args[1].equals("--last");
        if (args.length > 2 || args.length == 2 && !last) {
            System.err.println("usage: mail [--last]");
            return 2;
        }
        StackLayout layout = StackLayout.discover();
        List<Mail> mails = SmtpSink.read(layout.mailDir());
        if (mails.isEmpty()) {
            System.out.println("no mail yet in " + layout.mailDir());
            return 0;
        }
        System.out.print(last ? whole(mails.getLast()) : list(mails));
        return 0;
    }

    /** One block per mail: {@code <time>  <to>  <subject>}, then its links indented. */
    static String list(List<Mail> mails) {
        StringBuilder out = new StringBuilder();
        for (Mail mail : mails) {
            out.append("%s  %s  %s%n".formatted(TIME.format(mail.received()), String.join(", ", mail.to()),
                    mail.subject().isEmpty() ? "(no subject)" : mail.subject()));
            for (String link : mail.links()) {
                out.append("    ").append(link).append(System.lineSeparator());
            }
        }
        out.append("%d mail%s in %s%n".formatted(mails.size(), mails.size() == 1 ? "" : "s",
                mails.getLast().file().getParent()));
        return out.toString();
    }

    /** The headers (decoded), a blank line, the decoded body, the links, the file. */
    static String whole(Mail mail) {
        StringBuilder out = new StringBuilder();
        for (Mail.Header header : mail.headers()) {
            out.append(header.name()).append(": ").append(header.value()).append(System.lineSeparator());
        }
        out.append(System.lineSeparator()).append(mail.body().strip()).append(System.lineSeparator());
        if (!mail.links().isEmpty()) {
            out.append(System.lineSeparator()).append("links:").append(System.lineSeparator());
            mail.links().forEach(link -> out.append("    ").append(link).append(System.lineSeparator()));
        }
        out.append(System.lineSeparator()).append("file: ").append(mail.file()).append(System.lineSeparator());
        return out.toString();
    }
}
