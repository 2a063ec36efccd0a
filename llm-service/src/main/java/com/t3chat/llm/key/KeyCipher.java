package com.t3chat.llm.key;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Seals and opens secrets with AES-256-GCM: a random 96-bit nonce per value, a 128-bit tag, and additional data
 * that ties a ciphertext to where it belongs (a sealed value copied to another row does not open). Each sealed
 * value names the master key that sealed it; new values use the active one.
 */
@Component
class KeyCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKey> keys = new LinkedHashMap<>();
    private final String activeKeyId;
    private final SecureRandom random = new SecureRandom();

    KeyCipher(VaultProperties properties) {
        for (String entry : properties.masterKeys().split(",")) {
            String[] parts = entry.strip().split(":", 2);
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new IllegalStateException("t3chat.vault.master-keys: each entry must be <id>:<base64>");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(parts[1].strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("t3chat.vault.master-keys: key '" + parts[0] + "' is not base64");
            }
            if (key.length != 32) {
                throw new IllegalStateException("t3chat.vault.master-keys: key '" + parts[0] + "' must be 32 bytes, is "
                        + key.length);
            }
            keys.put(parts[0].strip(), new SecretKeySpec(key, "AES"));
        }
        String active = properties.activeKeyId();
        activeKeyId = active == null || active.isBlank() ? keys.keySet().iterator().next() : active.strip();
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalStateException("t3chat.vault.active-key-id '" + activeKeyId + "' is not among the master keys");
        }
    }

    String activeKeyId() {
        return activeKeyId;
    }

    Sealed seal(String secret, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new Sealed(activeKeyId, nonce, cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    String open(Sealed sealed, String context) {
        SecretKey key = keys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("A stored key was sealed with master key '" + sealed.keyId()
                    + "', which is no longer configured");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored key does not open (wrong master key or tampered row)", e);
        }
    }

    /** A sealed value: which master key, the nonce, and the ciphertext with its tag. */
    record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {
    }
}
