package com.t3chat.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.devstack.layout.LocalPorts;
import com.t3chat.devstack.process.PortProbe;
import com.t3chat.devstack.stack.Health;
import com.t3chat.devstack.stack.LocalStack;
import com.t3chat.devstack.stack.PartStatus;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The whole system through the gateway, with tokens from the real Keycloak. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WholeSystemIT {

    private static final List<String> SERVICES = List.of("config-server", "gateway-service", "auth-service",
            "chat-service", "llm-service", "attachment-service", "embedding-worker");

    private static LocalStack stack;
    private static String gateway;
    private static String alice;

    @BeforeAll
    static void startTheSystem() {
        stack = SystemStack.get();
        gateway = stack.gatewayUrl();
        alice = stack.accessToken("alice");
        ExpiredToken.request(stack);
    }

    @Test
    void everyPartIsHealthy() {
        // the supervisor is this test JVM (no pid file); every part it started must be up
        List<PartStatus> status = stack.status().stream().filter(part -> !part.part().equals("devstack")).toList();
        assertThat(status).extracting(PartStatus::part)
                .contains("postgres", "kafka", "s3", "keycloak").containsAll(SERVICES);
        assertThat(status).allSatisfy(part -> assertThat(part.health()).as(part.part()).isEqualTo(Health.UP));
        for (String service : SERVICES) {
            String health = service.equals("config-server") ? "/actuator/health" : "/actuator/health/readiness";
            assertThat(Http.get(stack.serviceUrl(service) + health, null).statusCode()).as(service).isEqualTo(200);
        }
    }

    @Test
    void theConfigServerAnswersOnlyTheServices() {
        // every service started with its configuration (it presented the credentials); a stranger gets nothing
        HttpResponse<String> stranger = Http.get(stack.serviceUrl("config-server") + "/auth-service/local", null);
        assertThat(stranger.statusCode()).isEqualTo(401);
        assertThat(stranger.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(stranger.body()).doesNotContain("realm");
    }

    @Test
    void everyRoutePrefixRefusesAnonymousCallersWithAProblem() {
        for (String path : List.of("/api/me", "/api/admin/users", "/api/chats", "/api/search?q=x", "/api/models",
                "/api/keys", "/api/usage", "/api/attachments")) {
            HttpResponse<String> response = Http.get(gateway + path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
            assertThat((String) JsonPath.read(response.body(), "$.type")).isEqualTo("urn:t3chat:problem:unauthorized");
        }
    }

    @Test
    void aliceReachesEveryServiceAsHerself() {
        HttpResponse<String> me = Http.get(gateway + "/api/me", alice);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(me.body(), "$.username")).isEqualTo("alice");
        assertThat((String) JsonPath.read(me.body(), "$.email")).isEqualTo("alice@example.com");
        assertThat((List<String>) JsonPath.read(me.body(), "$.roles")).contains("user");
        String subject = JsonPath.read(me.body(), "$.subject");

        HttpResponse<String> chats = Http.get(gateway + "/api/chats", alice);
        assertThat(chats.statusCode()).isEqualTo(200);
        assertThat((List<?>) JsonPath.read(chats.body(), "$.items")).isNotNull();

        HttpResponse<String> usage = Http.get(gateway + "/api/usage", alice);
        assertThat(usage.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(usage.body(), "$.subject")).isEqualTo(subject);

        HttpResponse<String> attachments = Http.get(gateway + "/api/attachments", alice);
        assertThat(attachments.statusCode()).isEqualTo(200);
        // her own files only (AttachmentsIT: another user's are 404 and never listed)
        assertThat((List<?>) JsonPath.read(attachments.body(), "$.items")).isNotNull();

        HttpResponse<String> publicConfig = Http.get(gateway + "/api/public/config", null);
        assertThat(publicConfig.statusCode()).isEqualTo(200);

        HttpResponse<String> retrieval = Http.get(stack.serviceUrl("embedding-worker") + "/internal/retrieval/summary",
                alice);
        assertThat(retrieval.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(retrieval.body(), "$.subject")).isEqualTo(subject);
    }

    @Test
    void badTokensAreRefusedAtTheGatewayAndAtAServiceCalledDirectly() {
        Map<String, String> bad = Map.of(
                "wrong audience (Keycloak's admin-cli client of the same realm)",
                KeycloakAdmin.passwordGrant(stack.keycloakUrl(), "t3chat", "admin-cli", "alice", "alice"),
                "wrong issuer (the master realm)",
                KeycloakAdmin.passwordGrant(stack.keycloakUrl(), "master", "admin-cli", "admin", "admin"),
                "tampered signature", tamper(alice),
                "expired", ExpiredToken.await(stack));
        List<String> targets = List.of(gateway + "/api/chats", stack.serviceUrl("chat-service") + "/api/chats",
                stack.serviceUrl("auth-service") + "/api/me", stack.serviceUrl("llm-service") + "/api/usage");
        bad.forEach((kind, token) -> {
            for (String target : targets) {
                HttpResponse<String> response = Http.get(target, token);
                assertThat(response.statusCode()).as(kind + " at " + target).isEqualTo(401);
                assertThat((String) JsonPath.read(response.body(), "$.type"))
                        .isEqualTo("urn:t3chat:problem:unauthorized");
            }
        });
        for (String target : targets) {
            assertThat(Http.get(target, alice).statusCode()).as("a good token at " + target).isEqualTo(200);
        }
    }

    @Test
    void aValueChangedInConfigRepoIsWhatTheServiceServes() throws Exception {
        Path file = SystemStack.configRepo().resolve("auth-service.yml");
        String original = Files.readString(file);
        try {
            Files.writeString(file, original.replace("announcement: \"\"", "announcement: \"Maintenance at noon\""),
                    StandardCharsets.UTF_8);
            stack.restart("auth-service");

            HttpResponse<String> response = Http.get(gateway + "/api/public/config", null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat((String) JsonPath.read(response.body(), "$.announcement")).isEqualTo("Maintenance at noon");
        } finally {
            Files.writeString(file, original, StandardCharsets.UTF_8);
        }
    }

    @Test
    void anEventWrittenByChatServiceIsConsumedByLlmServiceOverTheBroker() throws Exception {
        String bob = stack.accessToken("bob");
        int before = JsonPath.read(Http.get(gateway + "/api/usage", bob).body(), "$.chats");

        HttpResponse<String> created = Http.postJson(gateway + "/api/chats", bob, "{\"title\":\"Across the bus\"}");
        assertThat(created.statusCode()).isEqualTo(201);

        Awaitility.await("llm-service counts the new chat").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> JsonPath.<Integer>read(Http.get(gateway + "/api/usage", bob).body(), "$.chats"),
                        chats -> chats == before + 1);
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: it restarts the whole system
    void aStopLeavesNoProcessAndTheNextStartKeepsTheData() {
        HttpResponse<String> created = Http.postJson(gateway + "/api/chats", stack.accessToken("bob"), "{\"title\":\"Kept\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String chatId = JsonPath.read(created.body(), "$.id");
        String dataDir = SystemStack.dataDir().toString();

        stack = SystemStack.stopAndStartAgain(() -> {
            for (int port : List.of(LocalPorts.POSTGRES, LocalPorts.KAFKA, LocalPorts.KEYCLOAK, LocalPorts.S3,
                    LocalPorts.CONFIG_SERVER, LocalPorts.GATEWAY, LocalPorts.AUTH, LocalPorts.CHAT, LocalPorts.LLM,
                    LocalPorts.ATTACHMENT, LocalPorts.EMBEDDING)) {
                assertThat(PortProbe.isListening(port)).as("port %d after stop", port).isFalse();
            }
            assertThat(ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(dataDir)).orElse(false))
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                    .toList()).as("processes of the stopped stack").isEmpty();
        });

        String bob = stack.accessToken("bob");
        HttpResponse<String> chat = Http.get(stack.gatewayUrl() + "/api/chats/" + chatId, bob);
        assertThat(chat.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(chat.body(), "$.title")).isEqualTo("Kept");
    }

    private static String tamper(String jwt) {
        int dot = jwt.lastIndexOf('.');
        char[] chars = jwt.toCharArray();
        int i = dot + 10;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        return new String(chars);
    }
}
