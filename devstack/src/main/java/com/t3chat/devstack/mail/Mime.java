package com.t3chat.devstack.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bits of MIME a mail from Keycloak needs: headers, multipart, quoted-printable, base64, RFC 2047 encoded
 * words, charsets, HTML entities. Message text is handled as ISO-8859-1 strings (one char per byte) until decoded.
 */
final class Mime {

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");
    private static final Pattern PARAMETER =
            Pattern.compile(";\\s*([^=\\s;]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^;\\s]*))");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);");
    private static final Map<String, String> NAMED_ENTITIES = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"",
            "apos", "'", "nbsp", " ");

    private Mime() {
    }

    record Header(String name, String value) {
    }

    /** Headers and body of a message or body part (ISO-8859-1 text). */
    record Part(List<Header> headers, String body) {

        static Part parse(String text) {
            int end = -1;
            int bodyStart = text.length();
            if (text.startsWith("\r\n") || text.startsWith("\n")) {
                end = 0;
                bodyStart = text.startsWith("\r\n") ? 2 : 1;
            } else {
                int crlf = text.indexOf("\r\n\r\n");
                int lf = text.indexOf("\n\n");
                if (crlf >= 0 && (lf < 0 || crlf < lf)) {
                    end = crlf;
                    bodyStart = crlf + 4;
                } else if (lf >= 0) {
                    end = lf;
                    bodyStart = lf + 2;
                }
            }
            String head = end < 0 ? text : text.substring(0, end);
            List<Header> headers = new ArrayList<>();
            for (String line : head.split("\r?\n")) {
                if (!headers.isEmpty() && !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                    Header last = headers.removeLast();
                    headers.add(new Header(last.name(), last.value() + " " + line.strip()));
                } else if (line.indexOf(':') > 0) {
                    int colon = line.indexOf(':');
                    headers.add(new Header(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
                }
            }
            return new Part(headers, bodyStart >= text.length() ? "" : text.substring(bodyStart));
        }

        Optional<String> header(String name) {
            return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
        }

        /** The media type, lower case ({@code text/plain} if absent). */
        String type() {
            String value = header("Content-Type").orElse("text/plain");
            int semicolon = value.indexOf(';');
            return (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        }

        Optional<String> parameter(String name) {
            Matcher matcher = PARAMETER.matcher(header("Content-Type").orElse(""));
            while (matcher.find()) {
                if (matcher.group(1).equalsIgnoreCase(name)) {
                    return Optional.of(matcher.group(2) != null ? matcher.group(2) : matcher.group(3));
                }
            }
            return Optional.empty();
        }

        /** The body with its transfer encoding and charset undone. */
        String decodedText() {
            String encoding = header("Content-Transfer-Encoding").orElse("7bit").strip().toLowerCase(Locale.ROOT);
            byte[] bytes = switch (encoding) {
                case "quoted-printable" -> quotedPrintable(body, false);
                case "base64" -> Base64.getMimeDecoder().decode(body.strip().getBytes(StandardCharsets.ISO_8859_1));
                default -> body.getBytes(StandardCharsets.ISO_8859_1);
            };
            return new String(bytes, charset(parameter("charset").orElse("UTF-8")));
        }

        List<Part> children() {
            Optional<String> boundary = parameter("boundary");
            if (!type().startsWith("multipart/") || boundary.isEmpty()) {
                return List.of();
            }
            String delimiter = "--" + boundary.get();
            List<Part> parts = new ArrayList<>();
            StringBuilder current = null;
            for (String line : body.split("\r?\n", -1)) {
                String trimmed = line.stripTrailing();
                if (trimmed.equals(delimiter) || trimmed.equals(delimiter + "--")) {
                    if (current != null) {
                        parts.add(parse(current.toString()));
                    }
                    if (trimmed.equals(delimiter + "--")) {
                        return parts;
                    }
                    current = new StringBuilder();
                } else if (current != null) {
                    if (!current.isEmpty()) {
                        current.append("\r\n");
                    }
                    current.append(line);
                }
            }
            if (current != null) {
                parts.add(parse(current.toString()));
            }
            return parts;
        }
    }

    /** Puts the first text/plain part into {@code texts[0]} and the first text/html part into {@code texts[1]}. */
    static void collectTexts(Part part, String[] texts) {
        String type = part.type();
        if (type.startsWith("multipart/")) {
            for (Part child : part.children()) {
                collectTexts(child, texts);
            }
            return;
        }
        boolean attachment = part.header("Content-Disposition")
                .map(d -> d.strip().toLowerCase(Locale.ROOT).startsWith("attachment")).orElse(false);
        if (attachment) {
            return;
        }
        if (type.equals("text/plain") && texts[0] == null) {
            texts[0] = part.decodedText();
        } else if (type.equals("text/html") && texts[1] == null) {
            texts[1] = part.decodedText();
        }
    }

    /** Quoted-printable to bytes; {@code inWord}: RFC 2047 "Q" ({@code _} is a space). */
    static byte[] quotedPrintable(String text, boolean inWord) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '=') {
                if (i + 2 < text.length() && text.charAt(i + 1) == '\r' && text.charAt(i + 2) == '\n') {
                    i += 3;
                    continue;
                }
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i += 2;
                    continue;
                }
                if (i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                    out.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                    i += 3;
                    continue;
                }
            }
            out.write(inWord && c == '_' ? ' ' : c);
            i++;
        }
        return out.toByteArray();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** RFC 2047: {@code =?UTF-8?Q?Passwort_zur=C3=BCcksetzen?=}, {@code =?utf-8?B?…?=}; the rest stays. */
    static String decodeWords(String value) {
        Matcher matcher = ENCODED_WORD.matcher(value);
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        String pendingCharset = null;
        int last = 0;
        while (matcher.find()) {
            String gap = value.substring(last, matcher.start());
            String charset = matcher.group(1);
            if (charset.contains("*")) {
                charset = charset.substring(0, charset.indexOf('*'));
            }
            boolean adjacent = pendingCharset != null && gap.isBlank();
            if (!adjacent || !pendingCharset.equalsIgnoreCase(charset)) {
                if (pendingCharset != null) {
                    out.append(new String(pending.toByteArray(), charset(pendingCharset)));
                    pending.reset();
                }
                if (!adjacent) {
                    out.append(gap);
                }
            }
            pendingCharset = charset;
            String text = matcher.group(3);
            byte[] bytes;
            try {
                bytes = matcher.group(2).equalsIgnoreCase("B")
                        ? Base64.getDecoder().decode(text)
                        : quotedPrintable(text, true);
            } catch (IllegalArgumentException e) {
                bytes = matcher.group().getBytes(StandardCharsets.ISO_8859_1);
            }
            pending.writeBytes(bytes);
            last = matcher.end();
        }
        if (pendingCharset != null) {
            out.append(new String(pending.toByteArray(), charset(pendingCharset)));
        }
        out.append(value.substring(last));
        return out.toString();
    }

    /** {@code &amp;}, {@code &lt;}, {@code &#39;}, {@code &#x2F;} …; unknown named entities stay as they are. */
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

    /** Header text read as ISO-8859-1 that was really UTF-8 (SMTPUTF8 / 8-bit headers). */
    static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name.strip().replace("\"", ""));
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
