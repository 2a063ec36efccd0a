package com.t3chat.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.server.native.search-locations=file:../config-repo/",
        "t3chat.config-server.password=" + ConfigServerIT.PASSWORD})
class ConfigServerIT {

    static final String PASSWORD = "test-config-password";

    @LocalServerPort
    int port;

    @Test
    void servesTheSharedAndTheServiceFilesForAProfile() throws Exception {
        String body = get("/chat-service/local");

        List<String> urls = JsonPath.read(body,
                "$.propertySources[?(@.name =~ /.*chat-service.yml/)].source['spring.r2dbc.url']");
        assertThat(urls).containsExactly("r2dbc:postgresql://${t3chat.database.host}:${t3chat.database.port}/chat");
        List<String> kafka = JsonPath.read(body,
                "$.propertySources[?(@.name =~ /.*config-repo.application.yml/)].source['spring.kafka.bootstrap-servers']");
        assertThat(kafka).containsExactly("${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}");
    }

    @Test
    void aProfileFileComesBeforeTheSharedOne() throws Exception {
        List<String> names = JsonPath.read(get("/gateway-service/docker"), "$.propertySources[*].name");

        assertThat(names).hasSize(3);
        assertThat(names.get(0)).endsWith("application-docker.yml");
        assertThat(names.get(1)).endsWith("gateway-service.yml");
        assertThat(names.get(2)).endsWith("application.yml");
    }

    @Test
    void withoutTheCredentialsNothingIsServedAndTheRefusalIsAProblem() throws Exception {
        for (String authorization : new String[] {null, basic("config", "wrong"), basic("admin", PASSWORD),
                "Bearer " + PASSWORD}) {
            HttpResponse<String> refused = send("/chat-service/local", authorization);
            assertThat(refused.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.body()).contains("\"type\":\"urn:t3chat:problem:unauthorized\"")
                    .doesNotContain("r2dbc");
        }
        assertThat(send("/chat-service-local.yml", null).statusCode()).isEqualTo(401);
    }

    @Test
    void healthStaysOpenForProbes() throws Exception {
        assertThat(send("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(send("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = send(path, basic("config", PASSWORD));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> send(String path, String authorization) throws Exception {
        try (var client = HttpClient.newHttpClient()) {
            var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
