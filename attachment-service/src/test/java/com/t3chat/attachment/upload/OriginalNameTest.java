package com.t3chat.attachment.upload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OriginalNameTest {

    @Test
    void keepsAnOrdinaryName() {
        assertThat(OriginalName.of("Quarterly report 2026.pdf").value()).isEqualTo("Quarterly report 2026.pdf");
        assertThat(OriginalName.of("résumé – final.docx").value()).isEqualTo("résumé – final.docx");
        assertThat(OriginalName.of("日本語のメモ.txt").value()).isEqualTo("日本語のメモ.txt");
    }

    @Test
    void dropsEveryPathPart() {
        assertThat(OriginalName.of("../../etc/passwd").value()).isEqualTo("passwd");
        assertThat(OriginalName.of("C:\\Users\\alice\\notes.md").value()).isEqualTo("notes.md");
        assertThat(OriginalName.of("/tmp/").value()).isEqualTo(OriginalName.FALLBACK);
        assertThat(OriginalName.of("..").value()).isEqualTo(OriginalName.FALLBACK);
    }

    @Test
    void dropsControlAndBidiCharacters() {
        // "invoice\u202Efdp.exe" shows as "invoiceexe.pdf" in a right-to-left override
        assertThat(OriginalName.of("invoice\u202Efdp.exe").value()).isEqualTo("invoicefdp.exe");
        assertThat(OriginalName.of("a\u0000b\u0007c\u001b[31m.txt").value()).isEqualTo("abc[31m.txt");
        assertThat(OriginalName.of("zero\u200Bwidth\u2066isolate\u2069.txt").value())
                .isEqualTo("zerowidthisolate.txt");
        assertThat(OriginalName.of("broken\uD800surrogate.txt").value()).isEqualTo("brokensurrogate.txt");
        assertThat(OriginalName.of("emoji 😀.png").value()).isEqualTo("emoji 😀.png");
    }

    @Test
    void collapsesWhiteSpaceAndTrimsDotsAndSpaces() {
        assertThat(OriginalName.of("  two\t\tspaces \n here .txt. ").value()).isEqualTo("two spaces here .txt");
        assertThat(OriginalName.of(".hidden").value()).isEqualTo("hidden");
        assertThat(OriginalName.of("line\u2028break.txt").value()).isEqualTo("line break.txt");
    }

    @Test
    void replacesWhatFileSystemsRefuse() {
        assertThat(OriginalName.of("what? <now>: \"yes\"|*.txt").value()).isEqualTo("what_ _now__ _yes___.txt");
    }

    @Test
    void normalisesToNfc() {
        assertThat(OriginalName.of("cafe\u0301.txt").value()).isEqualTo("caf\u00e9.txt");
    }

    @Test
    void boundsTheLengthKeepingTheExtension() {
        String name = OriginalName.of("a".repeat(500) + ".pdf").value();
        assertThat(name).hasSize(OriginalName.MAX_LENGTH).endsWith("a.pdf");
        String emoji = OriginalName.of("😀".repeat(300)).value();
        assertThat(emoji.codePointCount(0, emoji.length())).isEqualTo(OriginalName.MAX_LENGTH);
    }

    @Test
    void anEmptyOrMissingNameBecomesTheFallback() {
        assertThat(OriginalName.of(null).value()).isEqualTo(OriginalName.FALLBACK);
        assertThat(OriginalName.of("").value()).isEqualTo(OriginalName.FALLBACK);
        assertThat(OriginalName.of("\u202E\u0000 ").value()).isEqualTo(OriginalName.FALLBACK);
    }
}
