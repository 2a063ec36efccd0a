package com.t3chat.llm.generation;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyFailed;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The operator's limits on system-key use: checked before the provider is called; usage matches the provider's. */
@TestPropertySource(properties = {"t3chat.limits.requests=2", "t3chat.limits.window=1h"})
class BudgetIT extends ReplyTopicIT {

    private static final String MODEL = "openai/" + SIMULATED_MODELS.getFirst();

    @Autowired
    WebTestClient http;

    @Test
    void overTheRequestLimitARequestIsRefusedBeforeTheProviderIsCalledAndUsageMatchesTheProvider() throws Exception {
        String username = "dana-" + UUID.randomUUID();
        String user = jwt.subject(username);
        String token = jwt.token(username, "user");
        String marker = UUID.randomUUID().toString();
        admission(token).expectStatus().isNoContent();
        for (int i = 1; i <= 2; i++) {
            ReplyRequested request = ReplyTopic.request(user, MODEL, "Question " + i + " " + marker);
            topic.publish(request.chatId(), ReplyRequested.TYPE, request);
            assertThat(topic.awaitEnd(request.replyId(), Duration.ZERO).getLast().event())
                    .isInstanceOf(ReplyCompleted.class);
        }
        Instant afterTwo = Instant.now();

        admission(token).expectStatus().isEqualTo(429)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value("Retry-After", value -> assertThat(Long.parseLong(value)).isBetween(1L, 3600L))
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:limit-exceeded")
                .jsonPath("$.limit").isEqualTo("requests")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("2 replies per 1h"))
                .jsonPath("$.resetsAt").value(at -> assertThat(Instant.parse((String) at))
                        .isBetween(afterTwo.plus(Duration.ofMinutes(59)), afterTwo.plus(Duration.ofMinutes(61))));

        ReplyRequested third = ReplyTopic.request(user, MODEL, "Question 3 " + marker);
        topic.publish(third.chatId(), ReplyRequested.TYPE, third);
        var failed = (ReplyFailed) topic.awaitEnd(third.replyId(), Duration.ZERO).getLast().event();
        assertThat(failed.reason()).contains("limit of 2 replies").contains("Your own API key is not limited");
        List<String> sent = provider.requests().stream().filter(body -> body.contains(marker)).toList();
        assertThat(sent).hasSize(2).noneMatch(body -> body.contains("Question 3"));

        // usage: what the provider reported (prompt = body length / 4, 30 tokens each), per model and day
        long promptTokens = sent.stream().mapToLong(body -> Math.max(1, body.length() / 4)).sum();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        http.get().uri("/api/usage?from=" + today + "&to=" + today).header("Authorization", "Bearer " + token)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].model").isEqualTo(MODEL)
                .jsonPath("$.items[0].day").isEqualTo(today)
                .jsonPath("$.items[0].requests").isEqualTo(2)
                .jsonPath("$.items[0].inputTokens").isEqualTo(promptTokens)
                .jsonPath("$.items[0].outputTokens").isEqualTo(60)
                // $2 / $10 per million tokens in LlmServiceIT's catalogue
                .jsonPath("$.totals.costUsd").value(cost -> assertThat(Double.parseDouble(cost.toString()))
                        .isCloseTo((promptTokens * 2 + 60 * 10) / 1e6, org.assertj.core.data.Offset.offset(1e-9)));

        // another user sees none of it; an admin sees it per user; a user cannot ask for everyone's
        http.get().uri("/api/usage").header("Authorization", "Bearer " + jwt.token("fay-" + UUID.randomUUID(), "user"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.items").isEmpty()
                .jsonPath("$.totals.requests").isEqualTo(0);
        http.get().uri("/api/usage?scope=all").header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isForbidden();
        http.get().uri("/api/usage?scope=all").header("Authorization", "Bearer " + jwt.token("root", "admin"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.items[?(@.userId == '" + user + "')].requests").isEqualTo(List.of(2));
    }

    @Test
    void badRangesAreValidationProblems() {
        String token = jwt.token("erin", "user");
        for (Map.Entry<String, String> bad : Map.of("from=2026-13-01", "from", "from=2026-02-01&to=2026-01-01", "from",
                "from=2020-01-01&to=2026-01-01", "from", "scope=everyone", "scope").entrySet()) {
            http.get().uri("/api/usage?" + bad.getKey()).header("Authorization", "Bearer " + token)
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("urn:t3chat:problem:validation")
                    .jsonPath("$.errors[0].field").isEqualTo(bad.getValue());
        }
    }

    private WebTestClient.ResponseSpec admission(String token) {
        return http.get().uri("/api/usage/admission?model=" + MODEL).header("Authorization", "Bearer " + token)
                .exchange();
    }
}
