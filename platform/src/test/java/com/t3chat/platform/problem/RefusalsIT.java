package com.t3chat.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.devstack.test.RawHttp;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import com.t3chat.platform.PlatformTestApplication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a service refuses, it refuses with problem+json — whether the refusal is ours (text the API does not
 * accept), Spring Security's firewall's, or reactor-netty's (a request it cannot decode) — and never with a 5xx.
 */
@SpringBootTest(classes = {PlatformTestApplication.class, RefusalsIT.EchoController.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.autoconfigure.exclude="
                + "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration,"
                + "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration,"
                + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                + "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration,"
                + "com.t3chat.platform.kafka.PlatformKafkaAutoConfiguration,"
                + "com.t3chat.platform.events.PlatformEventsAutoConfiguration")
class RefusalsIT {

    private static final TestJwtIssuer jwt = TestInfra.shared().jwt();
    private static final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void identity(DynamicPropertyRegistry registry) {
        TestInfra.registerWithoutDatabase(registry);
    }

    @LocalServerPort
    int port;

    record Preferences(String theme, List<String> tags, Map<String, String> labels, Map<String, Object> extra) {
    }

    record Change(String title, Preferences preferences, Integer limit) {
    }

    @RestController
    static class EchoController {

        @PostMapping("/api/echo")
        Mono<Change> echo(@RequestBody Change change) {
            return Mono.just(change);
        }

        @PostMapping("/api/echo-any")
        Mono<JsonNode> any(@RequestBody JsonNode any) {
            return Mono.just(any);
        }

        @GetMapping("/api/search")
        Mono<Map<String, String>> search(@RequestParam String q) {
            return Mono.just(Map.of("q", q));
        }

        @GetMapping("/api/things/{name}")
        Mono<Map<String, String>> thing(@PathVariable String name) {
            return Mono.just(Map.of("name", name));
        }
    }

    private RawHttp.Response send(String method, String target, List<String> headers, String body) {
        var all = new ArrayList<>(headers);
        all.add("Authorization: Bearer " + jwt.token("alice", "user"));
        return RawHttp.send(port, RawHttp.request(method, target, all, body.getBytes(StandardCharsets.UTF_8)),
                Duration.ofSeconds(20));
    }

    private RawHttp.Response get(String target) {
        return send("GET", target, List.of(), "");
    }

    private RawHttp.Response postJson(String target, String body) {
        return send("POST", target, List.of("Content-Type: application/json"), body);
    }

    private static JsonNode problem(RawHttp.Response response, int status, String slug) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("type").asString()).isEqualTo("urn:t3chat:problem:" + slug);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        return body;
    }

    private static void refusedField(RawHttp.Response response, String field) {
        JsonNode body = problem(response, 400, "validation");
        assertThat(body.path("errors").get(0).path("field").asString()).isEqualTo(field);
        assertThat(body.path("errors").get(0).path("message").asString()).contains("must not contain");
    }

    private static String field(RawHttp.Response response) {
        JsonNode body = problem(response, 400, "validation");
        return body.path("errors").get(0).path("field").asString();
    }

    @Test
    void textTheApiAcceptsPassesUnchanged() {
        var answer = postJson("/api/echo", """
                {"title":"東京 😀 tab\\tand\\nlines","preferences":{"theme":"dark","tags":["a"],"labels":{"k":"v"}}}""");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(json.readTree(answer.body()).path("title").asString()).isEqualTo("東京 😀 tab\tand\nlines");
        assertThat(get("/api/search?q=caf%C3%A9+%F0%9F%98%80").bodyText()).contains("café 😀");
    }

    @Test
    void aNulOrAControlCharacterInAJsonFieldIsAValidationErrorNamingTheField() {
        refusedField(postJson("/api/echo", "{\"title\":\"a\\u0000b\"}"), "title");
        refusedField(postJson("/api/echo", "{\"preferences\":{\"theme\":\"\\u001b[31m\"}}"), "preferences.theme");
        refusedField(postJson("/api/echo", "{\"preferences\":{\"tags\":[\"ok\",\"\\u007f\"]}}"), "preferences.tags[1]");
        refusedField(postJson("/api/echo", "{\"preferences\":{\"labels\":{\"k\":\"\\u0085\"}}}"), "preferences.labels.k");
        refusedField(postJson("/api/echo", "{\"title\":\"half \\ud83d of a smile\"}"), "title");
        refusedField(postJson("/api/echo-any", "{\"note\":{\"text\":\"\\u0000\"}}"), "note.text");
        refusedField(postJson("/api/echo-any", "[1,{\"a\\u0000\":1}]"), "[1].a\uFFFD");
        assertThat(field(postJson("/api/echo", "{\"preferences\":{\"extra\":{\"a\":[\"\\u0000\"]}}}")))
                .startsWith("preferences.extra");
        assertThat(field(postJson("/api/echo", "{\"preferences\":{\"labels\":{\"k\\u0000\":\"v\"}}}")))
                .startsWith("preferences.labels");
        // also raw (unescaped) control bytes inside a JSON string: Jackson refuses those itself
        problem(postJson("/api/echo", "{\"title\":\"a\u0001b\"}"), 400, "bad-request");
    }

    @Test
    void aNulInAQueryParameterOrPathSegmentIsAValidationErrorNamingIt() {
        refusedField(get("/api/search?q=a%00b"), "q");
        refusedField(get("/api/search?q=ok&other=%1B"), "other");
        refusedField(get("/api/things/a%01b"), "path");
    }

    @Test
    void aQueryStringThatIsNotPercentEncodedIsRefused() {
        problem(get("/api/search?q=%zz"), 400, "request-rejected");
        problem(get("/api/search?q=%"), 400, "request-rejected");
    }

    @Test
    void whatTheFirewallRefusesIsAProblem() {
        problem(get("/api/things/%00"), 400, "request-rejected");
        problem(get("/api/%2e%2e%2fthings"), 400, "request-rejected");
        problem(get("/api/things/a%2Fb"), 400, "request-rejected");
        problem(get("/api/things/a%25b"), 400, "request-rejected");
        problem(get("/api/things;jsessionid=1"), 400, "request-rejected");
    }

    @Test
    void anUnsupportedMethodIsA405ProblemListingTheAllowedOnes() {
        for (String method : List.of("TRACE", "PROPFIND", "BREW")) {
            var answer = send(method, "/api/search?q=x", List.of(), "");
            problem(answer, 405, "method-not-allowed");
            assertThat(answer.header("Allow")).contains("GET", "POST").doesNotContain("TRACE");
        }
    }

    @Test
    void whatNettyCannotDecodeIsAProblemToo() {
        problem(send("GET", "/api/search?q=" + "a".repeat(20_000), List.of(), ""), 414, "uri-too-long");
        problem(send("GET", "/api/search?q=x", List.of("X-Big: " + "b".repeat(20_000)), ""), 431,
                "request-header-fields-too-large");
        problem(send("G(T", "/api/search?q=x", List.of(), ""), 400, "request-rejected");
        problem(get("/api/%zz"), 400, "request-rejected");
        problem(RawHttp.send(port, "GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                Duration.ofSeconds(20)), 400, "request-rejected");
    }

    @Test
    void badJsonIsA400AndAWrongContentTypeA415() {
        problem(postJson("/api/echo", "{not json"), 400, "bad-request");
        problem(postJson("/api/echo", "{\"limit\":" + "9".repeat(5_000) + "}"), 400, "bad-request");
        problem(postJson("/api/echo", "{\"limit\":99999999999999}"), 400, "bad-request");
        problem(send("POST", "/api/echo", List.of("Content-Type: text/plain"), "hello"), 415,
                "unsupported-media-type");
    }

    @Test
    void withoutATokenTheRefusalsAreProblemsAsWell() {
        problem(RawHttp.send(port, RawHttp.request("TRACE", "/api/search", List.of(), new byte[0]),
                Duration.ofSeconds(20)), 405, "method-not-allowed");
        problem(RawHttp.send(port, RawHttp.request("GET", "/api/things/%00", List.of(), new byte[0]),
                Duration.ofSeconds(20)), 400, "request-rejected");
        problem(RawHttp.send(port, RawHttp.request("GET", "/api/search?q=a", List.of(), new byte[0]),
                Duration.ofSeconds(20)), 401, "unauthorized");
    }
}
