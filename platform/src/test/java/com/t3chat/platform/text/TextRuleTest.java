package com.t3chat.platform.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextRuleTest {

    @Test
    void ordinaryTextInAnyScriptPasses() {
        assertThat(TextRule.accepts("Trip to Lisbon")).isTrue();
        assertThat(TextRule.accepts("東京への旅 — Ünïcödé, العربية, עברית")).isTrue();
        assertThat(TextRule.accepts("emoji 😀👩‍👩‍👧 and a flag 🇵🇹")).isTrue();
        assertThat(TextRule.accepts("")).isTrue();
        assertThat(TextRule.accepts(null)).isTrue();
    }

    @Test
    void tabsAndLineBreaksPass() {
        assertThat(TextRule.accepts("line one\nline two\r\n\tindented")).isTrue();
    }

    @Test
    void nulIsRefusedWithWhereItIs() {
        assertThat(TextRule.violation("ab\u0000c"))
                .contains("must not contain a control character (U+0000 at position 2)");
    }

    @Test
    void theOtherC0ControlsDelAndC1ControlsAreRefused() {
        for (char c : new char[] {0x01, 0x07, 0x08, 0x0b, 0x0c, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9f}) {
            assertThat(TextRule.accepts("x" + c)).as("U+%04X", (int) c).isFalse();
        }
        assertThat(TextRule.accepts("\u00a0non-breaking space and \u00ff")).isTrue();
    }

    @Test
    void unpairedSurrogatesAreRefusedPairedOnesPass() {
        assertThat(TextRule.violation("a\uD83D")).contains(
                "must not contain half of a character (an unpaired surrogate) (U+D83D at position 1)");
        assertThat(TextRule.accepts("\uDE00a")).isFalse();
        assertThat(TextRule.accepts("\uD83D\uD83D\uDE00")).isFalse();
        assertThat(TextRule.accepts("\uD83D\uDE00")).isTrue();
    }

    @Test
    void printableShowsRefusedCharactersAsReplacementCharacters() {
        assertThat(TextRule.printable("a\u0000b\uD83D😀\u007f")).isEqualTo("a\uFFFDb\uFFFD😀\uFFFD");
    }

    @Test
    void formatCharactersThatRightToLeftTextNeedsPass() {
        assertThat(TextRule.accepts("\u200f\u202bשלום\u202c\u200d\ufeff")).isTrue();
    }
}
