package com.t3chat.llm.generation;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.chat.ReplyStopRequested;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyFailed;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Token and concurrency limits on system-key use; a user's own key is not limited. */
@TestPropertySource(properties = {"t3chat.limits.tokens-per-day=60", "t3chat.limits.concurrent=1"})
class BudgetLimitsIT extends ReplyTopicIT {

    @Autowired
    WebTestClient http;

    @Test
    void aUserWithAReplyRunningCannotStartASecondOne() throws Exception {
        String name = "gina-" + UUID.randomUUID();
        ReplyRequested endless = ReplyTopic.request(jwt.subject(name), "openai/sim-endless-rate100", "Go");
        topic.publish(endless.chatId(), ReplyRequested.TYPE, endless);
        topic.await(endless.replyId(), records -> !ReplyTopic.deltas(records).isEmpty());

        admission(jwt.token(name, "user"), "openai/sim-len30-rate200").expectStatus().isEqualTo(429)
                .expectHeader().valueEquals("Retry-After", "5")
                .expectBody().jsonPath("$.limit").isEqualTo("concurrent").jsonPath("$.resetsAt").doesNotExist();
        ReplyRequested second = ReplyTopic.request(jwt.subject(name), "openai/sim-len30-rate200", "Another");
        topic.publish(second.chatId(), ReplyRequested.TYPE, second);
        assertThat(((ReplyFailed) topic.awaitEnd(second.replyId(), Duration.ZERO).getLast().event()).reason())
                .contains("at once");
        // the offline model uses no key, so no limit
        admission(jwt.token(name, "user"), "offline/demo").expectStatus().isNoContent();

        topic.publish(endless.chatId(), ReplyStopRequested.TYPE,
                new ReplyStopRequested(UUID.randomUUID(), Instant.now(), endless.chatId(), endless.replyId()));
        topic.awaitEnd(endless.replyId(), Duration.ZERO);
    }

    @Test
    void overTheDailyTokensTheLimitResetsAtMidnightUtcAndAnOwnKeyStillWorks() throws Exception {
        String name = "hugo-" + UUID.randomUUID();
        String token = jwt.token(name, "user");
        ReplyRequested first = ReplyTopic.request(jwt.subject(name), "openai/sim-len30-rate200", "Hello there");
        topic.publish(first.chatId(), ReplyRequested.TYPE, first);
        assertThat(topic.awaitEnd(first.replyId(), Duration.ZERO).getLast().event()).isInstanceOf(ReplyCompleted.class);

        String midnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
        long untilMidnight = Duration.between(Instant.now(), Instant.parse(midnight)).toSeconds();
        admission(token, "openai/sim-len30-rate200").expectStatus().isEqualTo(429)
                .expectHeader().value("Retry-After", value -> assertThat(Long.parseLong(value))
                        .isBetween(untilMidnight - 5, untilMidnight + 5))
                .expectBody()
                .jsonPath("$.limit").isEqualTo("tokens-per-day")
                .jsonPath("$.resetsAt").isEqualTo(midnight);

        http.put().uri("/api/keys/openai").header("Authorization", "Bearer " + token)
                .bodyValue(java.util.Map.of("apiKey", "hugos-own-key")).exchange().expectStatus().isOk();
        admission(token, "openai/sim-len30-rate200").expectStatus().isNoContent();
        ReplyRequested own = ReplyTopic.request(jwt.subject(name), "openai/sim-len30-rate200", "Mine");
        topic.publish(own.chatId(), ReplyRequested.TYPE, own);
        assertThat(topic.awaitEnd(own.replyId(), Duration.ZERO).getLast().event()).isInstanceOf(ReplyCompleted.class);
    }

    private WebTestClient.ResponseSpec admission(String token, String model) {
        return http.get().uri("/api/usage/admission?model=" + model).header("Authorization", "Bearer " + token)
                .exchange();
    }
}
