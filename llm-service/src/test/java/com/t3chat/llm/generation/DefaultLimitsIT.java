package com.t3chat.llm.generation;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.llm.ReplyFailed;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The system-key budget as shipped (config-repo, no overrides): 200,000 tokens per user per UTC day. A user who used
 * them is refused at admission (429 with Retry-After until midnight) and at generation, before any provider call.
 */
class DefaultLimitsIT extends ReplyTopicIT {

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Test
    void aUserOverTheDefaultDailyTokensIsRefusedUntilMidnight() throws Exception {
        String name = "tess-" + UUID.randomUUID();
        String token = jwt.token(name, "user");
        String model = "openai/sim-len30-rate200";
        admission(token, model).expectStatus().isNoContent();

        // today's ledger: one earlier system-key reply of 150,000 + 50,000 tokens
        db.sql("""
                        insert into reply (id, chat_id, owner_id, model, status, input_tokens, output_tokens,
                                           key_source, started_at, finished_at)
                        values (:id, :chat, :owner, :model, 'completed', 150000, 50000, 'system', now(), now())""")
                .bind("id", UUID.randomUUID()).bind("chat", UUID.randomUUID()).bind("owner", jwt.subject(name))
                .bind("model", model).then().block();

        Instant midnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        long untilMidnight = Duration.between(Instant.now(), midnight).toSeconds();
        admission(token, model).expectStatus().isEqualTo(429)
                .expectHeader().value("Retry-After", value -> assertThat(Long.parseLong(value))
                        .isBetween(untilMidnight - 5, untilMidnight + 5))
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:limit-exceeded")
                .jsonPath("$.limit").isEqualTo("tokens-per-day")
                .jsonPath("$.resetsAt").isEqualTo(midnight.toString());

        ReplyRequested request = ReplyTopic.request(jwt.subject(name), model, "Over budget " + UUID.randomUUID());
        topic.publish(request.chatId(), ReplyRequested.TYPE, request);
        var failed = (ReplyFailed) topic.awaitEnd(request.replyId(), Duration.ZERO).getLast().event();
        assertThat(failed.reason()).contains("200000 tokens per day");
        assertThat(provider.requests()).noneMatch(body -> body.contains(ReplyTopic.question(request)));

        // the offline model uses no key: never limited
        admission(token, "offline/demo").expectStatus().isNoContent();
    }

    private WebTestClient.ResponseSpec admission(String token, String model) {
        return http.get().uri("/api/usage/admission?model=" + model).header("Authorization", "Bearer " + token)
                .exchange();
    }
}
