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
 * The local stack's config-server password ({@code T3CHAT_CONFIG_PASSWORD}, user {@code config}): made once per data
 * folder (random, readable by the owner only), given to config-server and to every service that imports its
 * configuration. A real deployment passes its own from a secret store.
 */
public final class ConfigPasswordFile {

    public static final String ENV = "T3CHAT_CONFIG_PASSWORD";

    private ConfigPasswordFile() {
    }

    /** The password, created in {@code confDir/config-server.password} if missing. */
    public static String ensure(Path confDir) {
        Path file = confDir.resolve("config-server.password");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(confDir);
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            String value = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            Files.writeString(file, value, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the data folder's own permissions apply
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the local config-server password " + file, e);
        }
    }
}
