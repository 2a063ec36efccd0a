package com.t3chat.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The web app at the gateway's root, with the real gateway configuration from config-repo and a small fixture app
 * ({@code src/test/resources/web-fixture/}) standing in for the real build: the app's routes are index.html, a
 * missing asset is a 404, caching and browser security headers are right, and the API is guarded as before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/gateway-service.yml",
        "t3chat.web.location=classpath:/web-fixture/"})
@AutoConfigureWebTestClient
class WebAppIT {

    private static final TestJwtIssuer jwt = TestInfra.shared().jwt();
    private static HttpServer authService;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        TestInfra.registerWithoutDatabase(registry);
        authService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        authService.createContext("/", exchange -> {
            byte[] body = "{\"service\":\"auth\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        authService.start();
        registry.add("t3chat.services.auth", () -> "http://127.0.0.1:" + authService.getAddress().getPort());
        for (String service : new String[] {"chat", "llm", "attachment"}) {
            registry.add("t3chat.services." + service, () -> "http://127.0.0.1:" + closedPort());
        }
    }

    @AfterAll
    static void stopAuthService() {
        authService.stop(0);
    }

    @Autowired
    WebTestClient http;

    @LocalServerPort
    int port;

    @Test
    void everyRouteOfTheAppIsIndexHtmlRevalidatedOnEachVisit() {
        for (String path : List.of("/", "/c/123", "/c/123?m=456", "/settings/keys", "/s/some-share-token",
                "/auth/callback?code=abc&state=xyz", "/signed-out", "/index.html", "/no/such/page")) {
            EntityExchangeResult<String> page = http.get().uri(path).exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectHeader().cacheControl(org.springframework.http.CacheControl.noCache())
                    .expectBody(String.class).returnResult();
            assertThat(page.getResponseBody()).as(path).contains("<title>fixture app</title>");
            String etag = page.getResponseHeaders().getETag();
            assertThat(etag).as(path).isNotBlank();
            http.get().uri(path).header(HttpHeaders.IF_NONE_MATCH, etag).exchange().expectStatus().isNotModified();
        }
    }

    @Test
    void hashedAssetsAreKeptForAYearAndAMissingOneIsA404NotThePage() {
        http.get().uri("/assets/app-Fx1x2x3.js").exchange()
                .expectStatus().isOk()
                .expectHeader().value(HttpHeaders.CONTENT_TYPE, type -> assertThat(type).contains("javascript"))
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, cache -> assertThat(cache.split(",\\s*"))
                        .containsExactlyInAnyOrder("public", "max-age=31536000", "immutable"))
                .expectBody(String.class).value(body -> assertThat(body).startsWith("// A stand-in"));

        for (String missing : List.of("/assets/app-Gone123.js", "/assets/nested/gone.css", "/assets/")) {
            http.get().uri(missing).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        // climbing out of the app's folder is refused before any lookup (the firewall's 400) or finds nothing
        for (String escape : List.of("/assets/%2e%2e/index.html", "/assets/..%2Findex.html",
                "/assets/%2e%2e/%2e%2e/application.yml")) {
            http.get().uri(URI.create("http://localhost:" + port + escape)).exchange()
                    .expectStatus().value(status -> assertThat(status).as(escape).isIn(400, 404))
                    .expectBody(String.class).value(body -> assertThat(body == null ? "" : body).doesNotContain("<html"));
        }
    }

    @Test
    void filesAtTheRootAreKeptBriefly() {
        http.get().uri("/favicon.svg").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("image/svg+xml"))
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, cache -> assertThat(cache.split(",\\s*"))
                        .containsExactlyInAnyOrder("public", "max-age=3600"));
    }

    @Test
    void pagesAndAssetsCarryAStrictContentSecurityPolicyThatAllowsOnlyUsAndKeycloak() {
        String keycloak = ContentSecurityPolicy.origin(jwt.issuerUri());
        assertThat(keycloak).startsWith("http://127.0.0.1:");
        String expected = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob:; "
                + "font-src 'self'; connect-src 'self' " + keycloak + "; form-action 'self' " + keycloak + "; "
                + "frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
        for (String path : List.of("/", "/c/42", "/assets/app-Fx1x2x3.js", "/favicon.svg", "/assets/gone.js")) {
            http.get().uri(path).exchange()
                    .expectHeader().valueEquals("Content-Security-Policy", expected)
                    .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                    .expectHeader().valueEquals("X-Frame-Options", "DENY")
                    .expectHeader().valueEquals("Referrer-Policy", "strict-origin-when-cross-origin");
        }
    }

    @Test
    void theApiIsStillRoutedAndStillNeedsAToken() {
        for (String path : List.of("/api/me", "/api/chats", "/api", "/api/")) {
            http.get().uri(path).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        http.post().uri("/").exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/me").header("Authorization", "Bearer " + jwt.token("alice", "user")).exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("Content-Security-Policy")
                .expectBody().jsonPath("$.service").isEqualTo("auth");
        http.get().uri("/api/public/config").exchange().expectStatus().isOk();
        http.get().uri("/api/nothing").header("Authorization", "Bearer " + jwt.token("alice", "user")).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/env").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void textFilesTravelCompressedWhenTheBrowserAccepts() throws Exception {
        try (var client = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/assets/app-Fx1x2x3.js"))
                    .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(response.headers().firstValue("Vary")).hasValueSatisfying(
                    vary -> assertThat(vary).containsIgnoringCase("Accept-Encoding"));
            assertThat(response.body()).startsWith((byte) 0x1f, (byte) 0x8b);
            assertThat(response.body().length).isLessThan(3301);
        }
    }

    private static int closedPort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
