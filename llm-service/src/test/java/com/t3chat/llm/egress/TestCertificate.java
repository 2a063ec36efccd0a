package com.t3chat.llm.egress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.hc.core5.ssl.SSLContexts;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made once per test run by the JDK's own {@code keytool}
 * (the JDK has no public API to make one): the server presents it, and a client built with {@link #trust()} trusts
 * exactly it, nothing else.
 */
final class TestCertificate {

    private static final char[] PASSWORD = "test-only".toCharArray();
    private static final Path KEY_STORE = generate();

    private TestCertificate() {
    }

    /** The server's side: the key and its certificate. */
    static SSLContext identity() {
        try {
            return SSLContexts.custom().loadKeyMaterial(KEY_STORE, PASSWORD, PASSWORD).build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The client's side: trusts this certificate only. */
    static SSLContext trust() {
        try {
            return SSLContexts.custom().loadTrustMaterial(KEY_STORE, PASSWORD).build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path generate() {
        try {
            Path directory = Files.createTempDirectory("egress-tls");
            Path store = directory.resolve("target.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "target",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                    "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            store.toFile().deleteOnExit();
            directory.toFile().deleteOnExit();
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
