package com.t3chat.llm.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.t3chat.llm.key.KeyCipher.Sealed;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyCipherTest {

    private static final String OLD = "k1:" + Base64.getEncoder().encodeToString(new byte[32]);
    private static final String NEW = "k2:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef"
            .getBytes(StandardCharsets.US_ASCII));

    private static KeyCipher cipher(String keys, String active) {
        return new KeyCipher(new VaultProperties(keys, active));
    }

    @Test
    void theSameKeySealedTwiceGivesDifferentCiphertextsThatBothOpen() {
        KeyCipher cipher = cipher(OLD, null);
        Sealed first = cipher.seal("sk-secret-1234", "alice/openai");
        Sealed second = cipher.seal("sk-secret-1234", "alice/openai");
        assertThat(first.nonce()).hasSize(12).isNotEqualTo(second.nonce());
        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
        assertThat(new String(first.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("sk-secret");
        assertThat(cipher.open(first, "alice/openai")).isEqualTo("sk-secret-1234");
        assertThat(cipher.open(second, "alice/openai")).isEqualTo("sk-secret-1234");
    }

    @Test
    void aSealedKeyDoesNotOpenForAnotherOwnerOrWhenTampered() {
        KeyCipher cipher = cipher(OLD, null);
        Sealed sealed = cipher.seal("sk-secret-1234", "alice/openai");
        assertThatThrownBy(() -> cipher.open(sealed, "bob/openai")).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("sk-secret");
        sealed.ciphertext()[0] ^= 1;
        assertThatThrownBy(() -> cipher.open(sealed, "alice/openai")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void afterRotationOldValuesStillOpenAndNewOnesUseTheActiveKey() {
        Sealed underOld = cipher(OLD, null).seal("sk-old", "ctx");
        KeyCipher rotated = cipher(NEW + "," + OLD, null);
        assertThat(rotated.activeKeyId()).isEqualTo("k2");
        assertThat(rotated.open(underOld, "ctx")).isEqualTo("sk-old");
        assertThat(rotated.seal("sk-new", "ctx").keyId()).isEqualTo("k2");
        assertThat(cipher(OLD + "," + NEW, "k2").activeKeyId()).isEqualTo("k2");
        assertThatThrownBy(() -> cipher(NEW, null).open(underOld, "ctx")).hasMessageContaining("'k1'");
    }

    @Test
    void badMasterKeysStopTheStart() {
        assertThatThrownBy(() -> cipher("k1:c2hvcnQ=", null)).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> cipher("nokey", null)).hasMessageContaining("<id>:<base64>");
        assertThatThrownBy(() -> cipher(OLD, "k9")).hasMessageContaining("'k9'");
    }
}
