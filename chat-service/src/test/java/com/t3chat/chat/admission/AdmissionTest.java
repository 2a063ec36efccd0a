package com.t3chat.chat.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a kept admission refuses a reply, and how a model names its provider. */
class AdmissionTest {

    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

    private static final Duration WITHOUT_RESET = Duration.ofMinutes(10);

    @Test
    void aRefusalHoldsUntilItsResetForProvidersWithoutAnOwnKey() {
        var refusal = admission(true, NOW.plus(Duration.ofMinutes(5)), List.of("anthropic"));
        assertThat(refusal.refuses("openai", NOW, WITHOUT_RESET)).isTrue();
        assertThat(refusal.refuses("anthropic", NOW, WITHOUT_RESET)).isFalse();
        assertThat(refusal.refuses(null, NOW, WITHOUT_RESET)).isFalse();
        assertThat(refusal.refuses("openai", NOW.plus(Duration.ofMinutes(5)), WITHOUT_RESET)).isFalse();
        assertThat(admission(false, null, List.of()).refuses("openai", NOW, WITHOUT_RESET)).isFalse();
    }

    @Test
    void aRefusalWithoutResetHoldsUntilAnEndIsAnnouncedOrForAtMostTheLongestReply() {
        var refusal = admission(true, null, List.of());
        assertThat(refusal.refuses("openai", NOW.plus(Duration.ofMinutes(9)), WITHOUT_RESET)).isTrue();
        assertThat(refusal.refuses("openai", NOW.plus(WITHOUT_RESET), WITHOUT_RESET)).isFalse();
    }

    @Test
    void theProviderIsTheModelIdsFirstSegment() {
        assertThat(Admissions.providerOf("openai/gpt-4o-mini")).isEqualTo("openai");
        assertThat(Admissions.providerOf("openrouter/anthropic/claude")).isEqualTo("openrouter");
        assertThat(Admissions.providerOf("offline/demo")).isEqualTo("offline");
        assertThat(Admissions.providerOf("gpt-4o")).isNull();
        assertThat(Admissions.providerOf("/x")).isNull();
        assertThat(Admissions.providerOf(null)).isNull();
    }

    private static Admission admission(boolean refused, Instant resetsAt, List<String> own) {
        return new Admission("u", refused, refused ? "requests" : null, resetsAt, null, own, NOW);
    }
}
