package com.t3chat.devstack.mail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mail an {@link SmtpSink} stored, decoded.
 *
 * @param file     the {@code .eml} file
 * @param from     the envelope sender ({@code MAIL FROM}; empty for the null sender)
 * @param to       the envelope recipients ({@code RCPT TO}), in order
 * @param subject  the {@code Subject} header, RFC 2047 encoded words decoded
 * @param received when the sink stored it
 * @param headers  the message's headers (the envelope headers the sink added included), unfolded and decoded
 * @param body     the text: the {@code text/plain} part, or the {@code text/html} one if there is no plain part,
 *                 transfer encoding (quoted-printable, base64) and charset decoded
 * @param html     the {@code text/html} part decoded the same way, or empty
 * @param raw      the whole file as text (UTF-8)
 */
public record Mail(Path file, String from, List<String> to, String subject, Instant received, List<Header> headers,
                   String body, String html, String raw) {

    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"'`]+");

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
        for (String text : List.of(plain, Mime.decodeEntities(html))) {
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

    static Mail parse(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Mime.Part message = Mime.Part.parse(new String(bytes, StandardCharsets.ISO_8859_1));
        String[] texts = new String[2];
        Mime.collectTexts(message, texts);
        String plain = texts[0];
        String html = texts[1] == null ? "" : texts[1];
        List<Header> headers = message.headers().stream()
                .map(h -> new Header(h.name(), Mime.decodeWords(Mime.utf8(h.value())))).toList();
        String from = message.header("X-Envelope-From").map(Mail::unbracket).orElse("");
        List<String> to = message.header("X-Envelope-To")
                .map(v -> Arrays.stream(v.split(",")).map(Mail::unbracket).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
        String subject = headers.stream().filter(h -> h.name().equalsIgnoreCase("Subject")).map(Header::value)
                .findFirst().orElse("");
        return new Mail(file, from, to, subject, received(file), headers, plain != null ? plain : html, html,
                new String(bytes, StandardCharsets.UTF_8));
    }

    private static String unbracket(String address) {
        String value = address.strip();
        if (value.startsWith("<") && value.endsWith(">")) {
            value = value.substring(1, value.length() - 1).strip();
        }
        return Mime.utf8(value);
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

    @Override
    public String toString() {
        return "Mail[" + received + " from " + from + " to " + to + ": " + subject + "]";
    }
}
