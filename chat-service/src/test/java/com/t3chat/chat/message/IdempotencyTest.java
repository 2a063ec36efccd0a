package com.t3chat.chat.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.t3chat.platform.problem.ApiProblem;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdempotencyTest {

    private static final UUID PARENT = UUID.fromString("00000000-0000-0000-0000-000000000001");

    @Test
    void noHeaderMeansNoKey() {
        assertThat(Idempotency.of(null, "post", null, false, null, "Hi")).isNull();
    }

    @Test
    void theSameRequestHasTheSameDigestAndAnyDifferenceChangesIt() {
        var one = Idempotency.of("k", "post", PARENT, false, "openai/gpt-4o-mini", "Hi");
        assertThat(Idempotency.of("k", "post", PARENT, false, "openai/gpt-4o-mini", "Hi")).isEqualTo(one);
        assertThat(Idempotency.of("k", "post", PARENT, false, "openai/gpt-4o-mini", "Hi!").requestHash())
                .isNotEqualTo(one.requestHash());
        assertThat(Idempotency.of("k", "post", null, false, "openai/gpt-4o-mini", "Hi").requestHash())
                .isNotEqualTo(one.requestHash());
        assertThat(Idempotency.of("k", "post", PARENT, true, "openai/gpt-4o-mini", "Hi").requestHash())
                .isNotEqualTo(one.requestHash());
        assertThat(Idempotency.of("k", "post", PARENT, false, null, "Hi").requestHash())
                .isNotEqualTo(one.requestHash());
        assertThat(Idempotency.of("k", "regenerate", PARENT, false, "openai/gpt-4o-mini", "Hi").requestHash())
                .isNotEqualTo(one.requestHash());
    }

    @Test
    void aKeyIsOneToAHundredPrintableAsciiCharacters() {
        assertThat(Idempotency.of("x".repeat(100), "post", null, false, null, "Hi")).isNotNull();
        assertThat(Idempotency.of("a-Z_0.9:~!", "post", null, false, null, "Hi")).isNotNull();
        for (String bad : new String[] {"", " ", "has space", "x".repeat(101), "tab\t", "ключ", "new\nline"}) {
            assertThatThrownBy(() -> Idempotency.of(bad, "post", null, false, null, "Hi"))
                    .as(bad).isInstanceOf(ApiProblem.class);
        }
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(PostingLimits.retryAfterSeconds(java.time.Duration.ofMillis(1))).isEqualTo(1);
        assertThat(PostingLimits.retryAfterSeconds(java.time.Duration.ofMillis(59_001))).isEqualTo(60);
        assertThat(PostingLimits.retryAfterSeconds(java.time.Duration.ofSeconds(-3))).isEqualTo(1);
    }
}
