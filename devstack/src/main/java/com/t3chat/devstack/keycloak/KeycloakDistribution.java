package com.t3chat.devstack.keycloak;

import com.t3chat.devstack.infra.InfraArtifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The Keycloak distribution, unpacked once from the zip Maven resolved into a cache folder. */
public final class KeycloakDistribution {

    private KeycloakDistribution() {
    }

    /** The unpacked distribution's home ({@code <cache>/keycloak-<version>}), unpacking it if needed. */
    public static Path ensureUnpacked(Path cacheDir) {
        Path zip = InfraArtifacts.keycloakZip();
        String name = zip.getFileName().toString().replace("keycloak-quarkus-dist-", "keycloak-").replace(".zip", "");
        Path home = cacheDir.resolve(name);
        if (Files.isRegularFile(home.resolve("bin").resolve("kc.sh"))) {
            return home;
        }
        Path partial = cacheDir.resolve(".unpacking-" + name + "-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(cacheDir);
            deleteTree(partial);
            unzip(zip, partial);
            Path unpackedHome;
            try (Stream<Path> children = Files.list(partial)) {
                unpackedHome = children.filter(Files::isDirectory).findFirst()
                        .orElseThrow(() -> new IllegalStateException("empty Keycloak zip " + zip));
            }
            try (Stream<Path> scripts = Files.list(unpackedHome.resolve("bin"))) {
                scripts.filter(p -> p.toString().endsWith(".sh")).forEach(p -> p.toFile().setExecutable(true));
            }
            if (!Files.exists(home)) {
                Files.move(unpackedHome, home, StandardCopyOption.ATOMIC_MOVE);
            }
            deleteTree(partial);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip + " into " + cacheDir, e);
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(entries, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
