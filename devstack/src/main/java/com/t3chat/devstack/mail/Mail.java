package com.t3chat.devstack.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mail an {@link SmtpSink} stored, decoded (by Jakarta Mail).
 *
 * @param file     the {@code .eml} file
 * @param from     the envelope sender ({@code MAIL FROM})
 * @param to       the envelope recipients ({@code RCPT TO}); GreenMail keeps them as a set, so not in order
 * @param subject  the {@code Subject} header, RFC 2047 encoded words decoded
 * @param received when the sink stored it
 * @param headers  the message's headers (those the sink and GreenMail added included), unfolded and decoded
 * @param body     the text: the {@code text/plain} part, or the {@code text/html} one if there is no plain part,
 *                 transfer encoding (quoted-printable, base64) and charset decoded
 * @param html     the {@code text/html} part decoded the same way, or empty
 * @param raw      the whole file as text (UTF-8)
 */
public record Mail(Path file, String from, List<String> to, String subject, Instant received, List<Header> headers,
                   String body, String html, String raw) {

    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"'`]+");
    private static final Pattern FOLD = Pattern.compile("[ \\t]*\\r?\\n[ \\t]+");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);");
    private static final Map<String, String> NAMED_ENTITIES = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"",
            "apos", "'", "nbsp", " ");
    /** Headers may carry raw UTF-8 (SMTPUTF8): read them as such. */
    private static final Session SESSION = Session.getInstance(props("mail.mime.allowutf8", "true"));

    public Mail {
        to = List.copyOf(to);
        headers = List.copyOf(headers);
    }

    /** A header as {@code name: value}. */
    public record Header(String name, String value) {
    }

    /** The first header of that name (case-insensitive). */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    /**
     * The http(s) URLs in the text and HTML bodies, first seen first, each once; HTML entities such as
     * {@code &amp;} are decoded (so a link works as it is).
     */
    public List<String> links() {
        Set<String> links = new LinkedHashSet<>();
        // with no plain part the body is the HTML: its links only once, decoded
        String plain = body.equals(html) ? "" : body;
        for (String text : List.of(plain, decodeEntities(html))) {
            Matcher matcher = LINK.matcher(text);
            while (matcher.find()) {
                String link = matcher.group();
                while (!link.isEmpty() && ".,;:!?)]}".indexOf(link.charAt(link.length() - 1)) >= 0
                        && !(link.endsWith(")") && link.contains("("))) {
                    link = link.substring(0, link.length() - 1);
                }
                links.add(link);
            }
        }
        return List.copyOf(links);
    }

    /** Reads a file the sink stored; Jakarta Mail does the MIME (multipart, transfer encodings, charsets, RFC 2047). */
    static Mail parse(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
            String[] texts = new String[2];
            collectTexts(message, texts);
            String html = texts[1] == null ? "" : texts[1];
            List<Header> headers = new ArrayList<>();
            for (jakarta.mail.Header header : Collections.list(message.getAllHeaders())) {
                // unfolded to one space, as a reader wants it
                String value = FOLD.matcher(header.getValue()).replaceAll(" ").strip();
                headers.add(new Header(header.getName(), decodeText(value)));
            }
            String from = message.getHeader("X-Envelope-From", null);
            String to = message.getHeader("X-Envelope-To", null);
            return new Mail(file, from == null ? "" : unbracket(from),
                    to == null ? List.of() : Arrays.stream(to.split(",")).map(Mail::unbracket)
                            .filter(s -> !s.isEmpty()).toList(),
                    Objects.requireNonNullElse(message.getSubject(), ""), received(file), headers,
                    texts[0] != null ? texts[0] : html, html, new String(bytes, StandardCharsets.UTF_8));
        } catch (MessagingException e) {
            throw new IOException("not a mail: " + file, e);
        }
    }

    /** Puts the first inline text/plain part into {@code texts[0]} and the first text/html part into {@code texts[1]}. */
    private static void collectTexts(Part part, String[] texts) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                collectTexts(multipart.getBodyPart(i), texts);
            }
        } else if (!Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            int slot = part.isMimeType("text/plain") ? 0 : part.isMimeType("text/html") ? 1 : -1;
            if (slot >= 0 && texts[slot] == null) {
                texts[slot] = text(part);
            }
        }
    }

    /** The part's text; an unknown charset is read as UTF-8 rather than failing the whole folder. */
    private static String text(Part part) throws MessagingException, IOException {
        try {
            return String.valueOf(part.getContent());
        } catch (UnsupportedEncodingException e) {
            try (var in = part.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private static String decodeText(String value) {
        try {
            return MimeUtility.decodeText(value);
        } catch (UnsupportedEncodingException e) {
            return value;
        }
    }

    private static String unbracket(String address) {
        String value = address.strip();
        if (value.startsWith("<") && value.endsWith(">")) {
            value = value.substring(1, value.length() - 1).strip();
        }
        return value;
    }

    /**
     * {@code &amp;}, {@code &lt;}, {@code &#39;}, {@code &#x2F;} …; unknown named entities stay as they are. By hand:
     * the links in an HTML body are all it is for, and an HTML parser would be a dependency for a dozen lines.
     */
    static String decodeEntities(String html) {
        Matcher matcher = ENTITY.matcher(html);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement = matcher.group();
            try {
                if (name.startsWith("#x") || name.startsWith("#X")) {
                    replacement = Character.toString(Integer.parseInt(name.substring(2), 16));
                } else if (name.startsWith("#")) {
                    replacement = Character.toString(Integer.parseInt(name.substring(1)));
                } else {
                    replacement = NAMED_ENTITIES.getOrDefault(name.toLowerCase(Locale.ROOT), replacement);
                }
            } catch (IllegalArgumentException e) {
                // not a code point: keep the text
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static Instant received(Path file) throws IOException {
        String name = file.getFileName().toString();
        int dash = name.indexOf('-');
        if (dash > 0) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(name.substring(0, dash)));
            } catch (NumberFormatException e) {
                // not a name the sink gave
            }
        }
        return Files.getLastModifiedTime(file).toInstant();
    }

    private static Properties props(String key, String value) {
        Properties properties = new Properties();
        properties.setProperty(key, value);
        return properties;
    }

    @Override
    public String toString() {
        return "Mail[" + received + " from " + from + " to " + to + ": " + subject + "]";
    }
}
