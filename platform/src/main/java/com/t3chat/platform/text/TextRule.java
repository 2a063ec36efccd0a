package com.t3chat.platform.text;

import java.util.Locale;
import java.util.Optional;

/**
 * What text the API accepts, decided once for every service: any Unicode text except characters that PostgreSQL
 * cannot store or that have no business in a chat, a name or a search — U+0000, the other C0 controls except TAB,
 * LF and CR, DEL (U+007F), the C1 controls (U+0080–U+009F) — and unpaired surrogates (half of a character, which
 * UTF-8 cannot encode). Everything else passes unchanged: no normalisation, so what a client sends is what is
 * stored. See ADR 0016.
 */
public final class TextRule {

    private TextRule() {
    }

    /** Why {@code text} is refused (a message naming the first offending character), or empty when it is accepted. */
    public static Optional<String> violation(CharSequence text) {
        if (text == null) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return Optional.of(message(c, i, "half of a character (an unpaired surrogate)"));
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of(message(c, i, "half of a character (an unpaired surrogate)"));
            }
            if (isRefusedControl(c)) {
                return Optional.of(message(c, i, "a control character"));
            }
        }
        return Optional.empty();
    }

    public static boolean accepts(CharSequence text) {
        return violation(text).isEmpty();
    }

    /** {@code text} with each character the rule refuses shown as U+FFFD: for naming a refused name cleanly. */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        // codePoints() joins paired surrogates, so a surrogate seen here is an unpaired one
        text.codePoints().forEach(c -> out.appendCodePoint(
                c <= Character.MAX_VALUE && (Character.isSurrogate((char) c) || isRefusedControl((char) c))
                        ? '\uFFFD' : c));
        return out.toString();
    }

    /** C0 controls but TAB, LF and CR; DEL; C1 controls. */
    static boolean isRefusedControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f);
    }

    private static String message(char c, int index, String what) {
        return String.format(Locale.ROOT, "must not contain %s (U+%04X at position %d)", what, (int) c, index);
    }
}
