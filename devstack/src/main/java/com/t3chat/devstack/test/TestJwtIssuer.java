package com.t3chat.devstack.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stand-in for Keycloak in integration tests: signs RS256 access tokens shaped like Keycloak's (issuer
 * {@code http://127.0.0.1:<port>/realms/t3chat}, audience {@code t3chat-api}, {@code realm_access.roles},
 * {@code preferred_username}, {@code email}) and serves the key set and OpenID configuration a resource server
 * fetches, so tokens go through the real validation path.
 *
 * <pre>{@code
 * TestJwtIssuer jwt = TestInfra.shared().jwt();
 * String alice = jwt.token("alice", "user");
 * String expired = jwt.builder("alice").roles("user").expiresIn(Duration.ofMinutes(-5)).build();
 * String forged = TestJwtIssuer.tamper(alice);
 * }</pre>
 */
public final class TestJwtIssuer implements AutoCloseable {

    public static final String REALM_PATH = "/realms/t3chat";
    public static final String AUDIENCE = "t3chat-api";
    public static final String KEY_ID = "t3chat-test-key";

    private final HttpServer server;
    private final RSAKey key;
    private final RSASSASigner signer;
    private final String issuer;

    private TestJwtIssuer(HttpServer server, RSAKey key) throws JOSEException {
        this.server = server;
        this.key = key;
        this.signer = new RSASSASigner(key);
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort() + REALM_PATH;
        server.createContext(REALM_PATH + "/protocol/openid-connect/certs",
                exchange -> respond(exchange, new JWKSet(key.toPublicJWK()).toString(true)));
        server.createContext(REALM_PATH + "/.well-known/openid-configuration",
                exchange -> respond(exchange, JSONObjectUtils.toJSONString(openIdConfiguration())));
        server.start();
    }

    /** Starts an issuer on a free port of 127.0.0.1 with a new RSA-2048 key. */
    public static TestJwtIssuer start() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID(KEY_ID).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .generate();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            return new TestJwtIssuer(server, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test JWT issuer", e);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot create the test signing key", e);
        }
    }

    /** {@code http://127.0.0.1:<port>/realms/t3chat} — the {@code iss} of every token (unless overridden). */
    public String issuerUri() {
        return issuer;
    }

    /** {@code <issuer>/protocol/openid-connect/certs}. */
    public String jwkSetUri() {
        return issuer + "/protocol/openid-connect/certs";
    }

    /** A valid access token for {@code username} with these realm roles, expiring in 5 minutes. */
    public String token(String username, String... roles) {
        return builder(username).roles(roles).build();
    }

    /** A token to shape further (roles, audience, issuer, expiry, extra claims). */
    public TestTokenBuilder builder(String username) {
        return new TestTokenBuilder(this, username);
    }

    /** The {@code sub} of {@code username}'s tokens: a UUID derived from the name, the same in every run. */
    public String subject(String username) {
        return subjectOf(username);
    }

    static String subjectOf(String username) {
        return UUID.nameUUIDFromBytes(("t3chat-test-user:" + username).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The same token with one character of its signature changed (still well-formed base64url, so decoding works
     * and the signature check is what fails).
     */
    public static String tamper(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3 || parts[2].isEmpty()) {
            throw new IllegalArgumentException("not a signed JWT");
        }
        // the first character carries six full bits of the first signature byte (the last may carry padding bits)
        char first = parts[2].charAt(0);
        char replacement = first == 'A' ? 'B' : 'A';
        return parts[0] + "." + parts[1] + "." + replacement + parts[2].substring(1);
    }

    String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }

    /** The public key tokens are signed with (for tests that verify without HTTP). */
    public RSAKey publicKey() {
        return key.toPublicJWK();
    }

    private Map<String, Object> openIdConfiguration() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("issuer", issuer);
        config.put("jwks_uri", jwkSetUri());
        config.put("authorization_endpoint", issuer + "/protocol/openid-connect/auth");
        config.put("token_endpoint", issuer + "/protocol/openid-connect/token");
        config.put("response_types_supported", List.of("code"));
        config.put("subject_types_supported", List.of("public"));
        config.put("id_token_signing_alg_values_supported", List.of("RS256"));
        return config;
    }

    private static void respond(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
