package com.t3chat.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.reactive.function.client.WebClient;

/** The JWK set fetch with a file as its memory, against a real HTTP server that can go away. */
class LastGoodJwkSetTest {

    @TempDir
    Path folder;

    private HttpServer server;
    private final AtomicReference<String> served = new AtomicReference<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aGoodAnswerIsStoredAndServedWhenTheProviderIsDown() throws Exception {
        String uri = startServer();
        String keys = jwkSet("key-1");
        served.set(keys);
        Path file = folder.resolve("jwks.json");

        assertThat(fetch(client(file), uri)).isEqualTo(keys);
        assertThat(file).exists();

        server.stop(0);
        server = null;
        // a new process (new client, nothing in memory) with the provider unreachable
        assertThat(fetch(client(file), uri)).isEqualTo(keys);
    }

    @Test
    void aSuccessfulFetchWinsOverTheStoredCopy() throws Exception {
        String uri = startServer();
        Path file = folder.resolve("jwks.json");
        served.set(jwkSet("old"));
        fetch(client(file), uri);

        String rotated = jwkSet("new");
        served.set(rotated);
        assertThat(fetch(client(file), uri)).isEqualTo(rotated);

        server.stop(0);
        server = null;
        assertThat(fetch(client(file), uri)).isEqualTo(rotated);
    }

    @Test
    void garbageIsNeitherStoredNorServedAndWithoutACopyTheFailureStands() throws Exception {
        String uri = startServer();
        Path file = folder.resolve("jwks.json");
        served.set("<html>maintenance</html>");

        assertThatThrownBy(() -> fetch(client(file), uri)).isInstanceOf(IllegalStateException.class);
        assertThat(file).doesNotExist();

        served.set(jwkSet("key-1"));
        fetch(client(file), uri);
        served.set("{\"keys\":[]}");
        assertThat(fetch(client(file), uri)).contains("key-1"); // an empty set is not a good answer
    }

    @Test
    void aCopyStoredForAnotherUriIsNotUsed() throws Exception {
        String uri = startServer();
        Path file = folder.resolve("jwks.json");
        served.set(jwkSet("key-1"));
        fetch(client(file), uri);
        server.stop(0);
        server = null;

        assertThatThrownBy(() -> fetch(client(file), uri.replace("/certs", "/other")))
                .isInstanceOf(RuntimeException.class); // the fetch's own failure, not the other URI's keys
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("key-1");
    }

    private static WebClient client(Path file) {
        return WebClient.builder().filter(new LastGoodJwkSet(new FileJwkSetStore(file), Duration.ofSeconds(10)))
                .build();
    }

    private static String fetch(WebClient client, String uri) {
        return client.get().uri(uri).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(30));
    }

    private String startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/certs", exchange -> {
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/certs";
    }

    private static String jwkSet(String keyId) throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID(keyId).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                .generate();
        return new JWKSet(key.toPublicJWK()).toString(true);
    }
}
