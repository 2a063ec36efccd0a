package com.t3chat.attachment.upload;

import java.text.Normalizer;

/**
 * A file's original name as we keep it: metadata only, shown to its owner and offered when downloading, never used as
 * a path or a key. What the client sent is reduced to its last path segment, in Unicode NFC, without control or
 * format characters (bidirectional overrides, zero-width characters), line separators and the characters file
 * systems refuse, with runs of white space made one space, no leading or trailing dots or spaces, and at most
 * {@link #MAX_LENGTH} code points (the extension kept). What is left empty becomes {@value #FALLBACK}.
 */
record OriginalName(String value) {

    static final int MAX_LENGTH = 200;
    static final String FALLBACK = "file";
    private static final int MAX_EXTENSION = 16;
    private static final String RESERVED = "<>:\"/\\|?*";

    static OriginalName of(String sent) {
        if (sent == null) {
            return new OriginalName(FALLBACK);
        }
        String name = lastSegment(sent);
        name = Normalizer.normalize(name, Normalizer.Form.NFC);
        StringBuilder kept = new StringBuilder(name.length());
        boolean space = false;
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = true;
                continue;
            }
            if (dropped(c)) {
                continue;
            }
            if (space && !kept.isEmpty()) {
                kept.append(' ');
            }
            space = false;
            kept.appendCodePoint(RESERVED.indexOf(c) >= 0 ? '_' : c);
        }
        String cleaned = trimDotsAndSpaces(kept.toString());
        cleaned = bounded(cleaned);
        return new OriginalName(cleaned.isEmpty() ? FALLBACK : cleaned);
    }

    private static String lastSegment(String sent) {
        int slash = Math.max(sent.lastIndexOf('/'), sent.lastIndexOf('\\'));
        return slash < 0 ? sent : sent.substring(slash + 1);
    }

    private static boolean dropped(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }

    private static String trimDotsAndSpaces(String name) {
        int start = 0;
        int end = name.length();
        while (start < end && (name.charAt(start) == '.' || name.charAt(start) == ' ')) {
            start++;
        }
        while (end > start && (name.charAt(end - 1) == '.' || name.charAt(end - 1) == ' ')) {
            end--;
        }
        return name.substring(start, end);
    }

    private static String bounded(String name) {
        if (name.codePointCount(0, name.length()) <= MAX_LENGTH) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= MAX_EXTENSION ? name.substring(dot) : "";
        String base = extension.isEmpty() ? name : name.substring(0, dot);
        int keep = MAX_LENGTH - extension.codePointCount(0, extension.length());
        String cut = base.substring(0, base.offsetByCodePoints(0, keep));
        return trimDotsAndSpaces(cut) + extension;
    }
}
