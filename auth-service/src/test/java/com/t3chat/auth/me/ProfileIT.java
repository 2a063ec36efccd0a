package com.t3chat.auth.me;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.auth.AuthServiceIT;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

class ProfileIT extends AuthServiceIT {

    @Autowired
    DatabaseClient db;

    @Test
    void aNewUserGetsDefaultsAndNothingIsStored() {
        String user = newUser();
        get(user).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(6)
                .jsonPath("$.preferences.length()").isEqualTo(3)
                .jsonPath("$.subject").isEqualTo(jwt.subject(user))
                .jsonPath("$.username").isEqualTo(user)
                .jsonPath("$.displayName").isEqualTo(user)
                .jsonPath("$.preferences.defaultModel").isEmpty()
                .jsonPath("$.preferences.theme").isEqualTo("system")
                .jsonPath("$.preferences.customInstructions").isEmpty();

        Long rows = db.sql("select count(*) from user_profile where user_id = :id").bind("id", jwt.subject(user))
                .map(row -> row.get(0, Long.class)).one().block();
        assertThat(rows).isZero();
    }

    @Test
    void theDisplayNameDefaultsToTheTokensName() {
        String user = newUser();
        http.get().uri("/api/me")
                .header("Authorization", "Bearer " + jwt.builder(user).roles("user").claim("name", "Alice Liddell").build())
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.displayName").isEqualTo("Alice Liddell");
    }

    @Test
    void whatIsPatchedIsAnsweredAndKept() {
        String user = newUser();
        patch(user, Map.of("displayName", "  Carol  ", "preferences", Map.of("defaultModel", "anthropic/claude-sonnet-4-5",
                "theme", "dark", "customInstructions", "Answer briefly.")))
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.username").isEqualTo(user)
                .jsonPath("$.displayName").isEqualTo("Carol")
                .jsonPath("$.preferences.defaultModel").isEqualTo("anthropic/claude-sonnet-4-5")
                .jsonPath("$.preferences.theme").isEqualTo("dark")
                .jsonPath("$.preferences.customInstructions").isEqualTo("Answer briefly.");

        get(user).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.displayName").isEqualTo("Carol")
                .jsonPath("$.roles[0]").isEqualTo("user")
                .jsonPath("$.preferences.defaultModel").isEqualTo("anthropic/claude-sonnet-4-5")
                .jsonPath("$.preferences.theme").isEqualTo("dark")
                .jsonPath("$.preferences.customInstructions").isEqualTo("Answer briefly.");
    }

    @Test
    void aPartialPatchKeepsTheOtherFields() {
        String user = newUser();
        patch(user, Map.of("displayName", "Dave", "preferences", Map.of("defaultModel", "openai/gpt-4o-mini",
                "theme", "light", "customInstructions", "Use metric units."))).expectStatus().isOk();

        patch(user, Map.of("preferences", Map.of("theme", "dark"))).expectStatus().isOk();
        patch(user, Map.of("displayName", "David")).expectStatus().isOk();
        patch(user, Map.of()).expectStatus().isOk();

        get(user).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.displayName").isEqualTo("David")
                .jsonPath("$.preferences.defaultModel").isEqualTo("openai/gpt-4o-mini")
                .jsonPath("$.preferences.theme").isEqualTo("dark")
                .jsonPath("$.preferences.customInstructions").isEqualTo("Use metric units.");
    }

    @Test
    void theFirstPatchMayChangeOneFieldOnly() {
        String user = newUser();
        patch(user, Map.of("preferences", Map.of("customInstructions", "Be terse."))).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.displayName").isEqualTo(user)
                .jsonPath("$.preferences.defaultModel").isEmpty()
                .jsonPath("$.preferences.theme").isEqualTo("system")
                .jsonPath("$.preferences.customInstructions").isEqualTo("Be terse.");
    }

    @Test
    void anEmptyStringClearsAndTheDefaultsComeBack() {
        String user = newUser();
        patch(user, Map.of("displayName", "Erin", "preferences", Map.of("defaultModel", "gemini/gemini-2.5-flash",
                "theme", "light", "customInstructions", "Cite sources."))).expectStatus().isOk();

        patch(user, Map.of("displayName", "", "preferences", Map.of("defaultModel", "", "customInstructions", "")))
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.displayName").isEqualTo(user)
                .jsonPath("$.preferences.defaultModel").isEmpty()
                .jsonPath("$.preferences.theme").isEqualTo("light")
                .jsonPath("$.preferences.customInstructions").isEmpty();

        get(user).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.displayName").isEqualTo(user)
                .jsonPath("$.preferences.defaultModel").isEmpty()
                .jsonPath("$.preferences.theme").isEqualTo("light")
                .jsonPath("$.preferences.customInstructions").isEmpty();
    }

    @Test
    void eachInvalidFieldIsA400ProblemNamingIt() {
        String user = newUser();
        List<Map.Entry<String, Map<String, ?>>> invalid = List.of(
                Map.entry("displayName", Map.of("displayName", "   ")),
                Map.entry("displayName", Map.of("displayName", "x".repeat(101))),
                Map.entry("preferences.theme", Map.of("preferences", Map.of("theme", "blue"))),
                Map.entry("preferences.theme", Map.of("preferences", Map.of("theme", ""))),
                Map.entry("preferences.defaultModel", Map.of("preferences", Map.of("defaultModel", "gpt-4o"))),
                Map.entry("preferences.defaultModel", Map.of("preferences", Map.of("defaultModel", "OpenAI/gpt 4o"))),
                Map.entry("preferences.customInstructions",
                        Map.of("preferences", Map.of("customInstructions", "x".repeat(4001)))));
        invalid.forEach(error -> patch(user, error.getValue())
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:validation")
                .jsonPath("$.errors.length()").isEqualTo(1)
                .jsonPath("$.errors[0].field").isEqualTo(error.getKey())
                .jsonPath("$.errors[0].message").isNotEmpty());

        // nothing of the refused changes was stored
        get(user).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.displayName").isEqualTo(user)
                .jsonPath("$.preferences.theme").isEqualTo("system");
        patch(user, Map.of("displayName", "x".repeat(100), "preferences",
                Map.of("customInstructions", "x".repeat(4000)))).expectStatus().isOk();
    }

    @Test
    void textPostgreSqlCannotStoreIsA400NamingTheFieldAndNothingIsStored() {
        String user = newUser();
        List<Map.Entry<String, Map<String, ?>>> unstorable = List.of(
                Map.entry("displayName", Map.of("displayName", "Ali\u0000ce")),
                Map.entry("displayName", Map.of("displayName", "Bell \u0007")),
                Map.entry("preferences.customInstructions",
                        Map.of("preferences", Map.of("customInstructions", "Be brief.\u0000"))),
                Map.entry("preferences.customInstructions",
                        Map.of("preferences", Map.of("customInstructions", "\u009b31m"))));
        unstorable.forEach(error -> patch(user, error.getValue())
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:validation")
                .jsonPath("$.errors[0].field").isEqualTo(error.getKey())
                .jsonPath("$.errors[0].message").value(message -> assertThat((String) message)
                        .startsWith("must not contain a control character")));
        patch(user, "{\"displayName\":\"half \\ud83d\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("displayName");

        get(user).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.displayName").isEqualTo(user)
                .jsonPath("$.preferences.customInstructions").isEmpty();
        patch(user, Map.of("displayName", "Ålice 😀", "preferences", Map.of("customInstructions", "Line 1\nLine 2\t.")))
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.displayName").isEqualTo("Ålice 😀")
                .jsonPath("$.preferences.customInstructions").isEqualTo("Line 1\nLine 2\t.");
    }

    @Test
    void aNulInARegistrationIsA400NamingTheField() {
        http.post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "mal\u0000lory", "email", "m@t3chat.test", "password", "long-enough-1"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("username");
    }

    @Test
    void eachUserHasTheirOwnProfile() {
        String frank = newUser();
        String grace = newUser();
        patch(frank, Map.of("displayName", "Frank", "preferences", Map.of("theme", "dark"))).expectStatus().isOk();
        patch(grace, Map.of("preferences", Map.of("defaultModel", "ollama/llama3.2"))).expectStatus().isOk();

        get(frank).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.displayName").isEqualTo("Frank")
                .jsonPath("$.preferences.theme").isEqualTo("dark")
                .jsonPath("$.preferences.defaultModel").isEmpty();
        get(grace).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.displayName").isEqualTo(grace)
                .jsonPath("$.preferences.theme").isEqualTo("system")
                .jsonPath("$.preferences.defaultModel").isEqualTo("ollama/llama3.2");
    }

    @Test
    void withoutATokenItIs401() {
        http.get().uri("/api/me").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.patch().uri("/api/me").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("displayName", "Mallory"))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static String newUser() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private WebTestClient.ResponseSpec get(String user) {
        return http.get().uri("/api/me").header("Authorization", "Bearer " + jwt.token(user, "user")).exchange();
    }

    private WebTestClient.ResponseSpec patch(String user, Object body) {
        return http.patch().uri("/api/me").header("Authorization", "Bearer " + jwt.token(user, "user"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
