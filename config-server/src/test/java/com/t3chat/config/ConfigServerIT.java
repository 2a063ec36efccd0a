package com.t3chat.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.cloud.config.server.native.search-locations=file:../config-repo/")
class ConfigServerIT {

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

    private String get(String path) throws Exception {
        try (var client = HttpClient.newHttpClient()) {
            var response = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }
}
