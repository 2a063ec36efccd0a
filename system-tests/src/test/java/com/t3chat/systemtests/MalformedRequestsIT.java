package com.t3chat.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.devstack.layout.LocalPorts;
import com.t3chat.devstack.stack.LocalStack;
import com.t3chat.devstack.test.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A matrix of malformed requests, sent byte for byte to the gateway and to every service's own port (and
 * config-server's), with and without a token: none answers 5xx, and every 4xx is problem+json with a type.
 */
class MalformedRequestsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Map<String, Integer> TARGETS = new LinkedHashMap<>();

    static {
        TARGETS.put("gateway-service", LocalPorts.GATEWAY);
        TARGETS.put("auth-service", LocalPorts.AUTH);
        TARGETS.put("chat-service", LocalPorts.CHAT);
        TARGETS.put("llm-service", LocalPorts.LLM);
        TARGETS.put("attachment-service", LocalPorts.ATTACHMENT);
        TARGETS.put("embedding-worker", LocalPorts.EMBEDDING);
        TARGETS.put("config-server", LocalPorts.CONFIG_SERVER);
    }

    private static String token;

    @BeforeAll
    static void startTheSystem() {
        LocalStack stack = SystemStack.get();
        token = stack.accessToken("alice");
    }

    private record Case(String name, String method, String target, List<String> headers, byte[] body) {

        static Case get(String name, String target, String... headers) {
            return new Case(name, "GET", target, List.of(headers), new byte[0]);
        }

        static Case json(String name, String body) {
            return new Case(name, "POST", "/api/chats", List.of("Content-Type: application/json"),
                    body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static List<Case> cases() {
        return List.of(
                Case.get("encoded NUL in the path", "/api/chats/%00"),
                Case.get("encoded ../ in the path", "/api/%2e%2e%2fchats"),
                Case.get("encoded / in the path", "/api/chats%2Fx"),
                Case.get("invalid escape in the path", "/api/chats/%zz"),
                Case.get("malformed query string", "/api/search?q=%zz"),
                Case.get("NUL in a query parameter", "/api/search?q=a%00b"),
                new Case("TRACE", "TRACE", "/api/chats", List.of(), new byte[0]),
                new Case("made-up method", "BREW", "/api/chats", List.of(), new byte[0]),
                new Case("method with illegal characters", "G(T", "/api/chats", List.of(), new byte[0]),
                Case.get("20 KB header", "/api/chats", "X-Padding: " + "a".repeat(20_000)),
                Case.get("20 KB URL", "/api/chats?padding=" + "a".repeat(20_000)),
                Case.get("control character in a header", "/api/chats", "X-Note: a\u0001b"),
                Case.json("NUL in a JSON field", "{\"title\":\"a\\u0000b\"}"),
                Case.json("unpaired surrogate in a JSON field", "{\"title\":\"\\ud83d\"}"),
                Case.json("not JSON", "{this is not json"),
                Case.json("huge JSON number", "{\"title\":\"x\",\"model\":" + "9".repeat(5_000) + "}"),
                new Case("wrong content type", "POST", "/api/chats", List.of("Content-Type: text/plain"),
                        "hello".getBytes(StandardCharsets.UTF_8)),
                Case.get("NUL in a web app path", "/c/%00"),
                Case.get("control character in a web app path", "/c/%01"));
    }

    @Test
    void noMalformedRequestIsA5xxAndEveryRefusalIsAProblem() {
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (var target : TARGETS.entrySet()) {
            for (boolean withToken : List.of(true, false)) {
                for (Case c : cases()) {
                    List<String> headers = new ArrayList<>(c.headers());
                    if (withToken) {
                        headers.add("Authorization: Bearer " + token);
                    }
                    String label = target.getKey() + " " + (withToken ? "with" : "without") + " a token, " + c.name();
                    sent++;
                    try {
                        RawHttp.Response answer = RawHttp.send(target.getValue(),
                                RawHttp.request(c.method(), c.target(), headers, c.body()), TIMEOUT);
                        String problem = problemOf(answer);
                        if (problem != null) {
                            failures.add(label + ": " + problem + " — " + abbreviated(answer));
                        }
                    } catch (RuntimeException e) {
                        failures.add(label + ": " + e);
                    }
                }
            }
        }
        assertThat(sent).isEqualTo(TARGETS.size() * 2 * cases().size());
        assertThat(failures).as("answers that break the rule").isEmpty();
    }

    @Test
    void theGatewayNamesWhatItRefuses() {
        int gateway = LocalPorts.GATEWAY;
        String auth = "Authorization: Bearer " + token;
        assertProblem(RawHttp.send(gateway, RawHttp.request("POST", "/api/chats",
                List.of(auth, "Content-Type: application/json"),
                "{\"title\":\"Trip\\u0000\"}".getBytes(StandardCharsets.UTF_8)), TIMEOUT), 400, "validation", "title");
        assertProblem(send(gateway, "GET", "/api/search?q=a%00b", auth), 400, "validation", "q");
        assertProblem(send(gateway, "GET", "/api/search?q=%zz", auth), 400, "request-rejected", null);
        assertProblem(send(gateway, "GET", "/api/chats/%00", auth), 400, "request-rejected", null);
        assertProblem(send(gateway, "TRACE", "/api/chats", auth), 405, "method-not-allowed", null);
        assertProblem(send(gateway, "GET", "/api/chats?x=" + "a".repeat(20_000), auth), 414, "uri-too-long", null);
        assertProblem(send(gateway, "GET", "/api/chats", auth, "X-Padding: " + "a".repeat(20_000)), 431,
                "request-header-fields-too-large", null);
        // and a service reached directly says the same
        assertProblem(RawHttp.send(LocalPorts.AUTH, RawHttp.request("PATCH", "/api/me",
                List.of(auth, "Content-Type: text/plain"), "x".getBytes(StandardCharsets.UTF_8)), TIMEOUT),
                415, "unsupported-media-type", null);
        assertProblem(send(LocalPorts.CHAT, "GET", "/api/search?q=a%00b", auth), 400, "validation", "q");
    }

    private static RawHttp.Response send(int port, String method, String target, String... headers) {
        return RawHttp.send(port, RawHttp.request(method, target, List.of(headers), new byte[0]), TIMEOUT);
    }

    private static void assertProblem(RawHttp.Response answer, int status, String slug, String field) {
        assertThat(answer.status()).as(abbreviated(answer)).isEqualTo(status);
        assertThat(problemOf(answer)).as(abbreviated(answer)).isNull();
        assertThat((String) JsonPath.read(answer.bodyText(), "$.type")).isEqualTo("urn:t3chat:problem:" + slug);
        if (field != null) {
            assertThat((String) JsonPath.read(answer.bodyText(), "$.errors[0].field")).isEqualTo(field);
        }
    }

    /** What is wrong with an answer under the rule (no 5xx; a 4xx is problem+json with a type), or null. */
    private static String problemOf(RawHttp.Response answer) {
        if (answer.status() >= 500) {
            return "a " + answer.status();
        }
        if (answer.status() < 400) {
            return null;
        }
        String type = answer.header("Content-Type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return "a " + answer.status() + " that is not problem+json";
        }
        try {
            String problemType = JsonPath.read(answer.bodyText(), "$.type");
            return problemType != null && problemType.startsWith("urn:t3chat:problem:") ? null
                    : "a problem without our type";
        } catch (RuntimeException e) {
            return "a problem body that is not JSON with a type";
        }
    }

    private static String abbreviated(RawHttp.Response answer) {
        String text = answer.toString();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
