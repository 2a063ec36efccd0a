package com.t3chat.devstack.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The local stack's master key for llm-service's key vault ({@code T3CHAT_VAULT_KEYS}): made once per data folder
 * (random, readable by the owner only) and kept with the data it protects, so that keys saved by a user survive a
 * restart. A real deployment passes its own from a secret store.
 */
public final class VaultKeyFile {

    public static final String ENV = "T3CHAT_VAULT_KEYS";

    private VaultKeyFile() {
    }

    /** The {@code <id>:<base64>} value, created in {@code confDir/vault.keys} if missing. */
    public static String ensure(Path confDir) {
        Path file = confDir.resolve("vault.keys");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(confDir);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String value = "local:" + Base64.getEncoder().encodeToString(key);
            Files.writeString(file, value, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the data folder's own permissions apply
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the local vault key " + file, e);
        }
    }
}
