package com.t3chat.chat.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.t3chat.platform.problem.ApiProblem;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdempotencyTest {

    private static final UUID PARENT = UUID.fromString("00000000-0000-0000-0000-000000000001");

    @Test
    void noHeaderMeansNoKey() {
        assertThat(Idempotency.of(null, "post", null, false, null, List.of(), "Hi")).isNull();
    }

    @Test
    void theSameRequestHasTheSameDigestAndAnyDifferenceChangesIt() {
        var one = Idempotency.of("k", "post", PARENT, false, "openai/gpt-4o-mini", List.of(), "Hi");
        assertThat(Idempotency.of("k", "post", PARENT, false, "openai/gpt-4o-mini", List.of(), "Hi")).isEqualTo(one);
        assertThat(Idempotency.of("k", "post", PARENT, false, "openai/gpt-4o-mini", List.of(), "Hi!").requestHash())
                .isNotEqualTo(one.requestHash());
        assertThat(Idempotency.of("k", "post", null, false, "openai/gpt-4o-mini", List.of(), "Hi").requestHash())
                .isNotEqualTo(one.requestHash());
        assertThat(Idempotency.of("k", "post", PARENT, true, "openai/gpt-4o-mini", List.of(), "Hi").requestHash())
                .isNotEqualTo(one.requestHash());
        assertThat(Idempotency.of("k", "post", PARENT, false, null, List.of(), "Hi").requestHash())
                .isNotEqualTo(one.requestHash());
        assertThat(Idempotency.of("k", "regenerate", PARENT, false, "openai/gpt-4o-mini", List.of(), "Hi").requestHash())
                .isNotEqualTo(one.requestHash());
    }

    @Test
    void attachmentsAndTheirOrderChangeTheDigestAndNoneKeepsTheDigestOfBefore() throws Exception {
        UUID a = UUID.fromString("00000000-0000-0000-0000-00000000000a");
        UUID b = UUID.fromString("00000000-0000-0000-0000-00000000000b");
        var none = Idempotency.of("k", "post", PARENT, false, null, List.of(), "Hi");
        var ab = Idempotency.of("k", "post", PARENT, false, null, List.of(a, b), "Hi");
        assertThat(Idempotency.of("k", "post", PARENT, false, null, List.of(a, b), "Hi")).isEqualTo(ab);
        assertThat(ab.requestHash()).isNotEqualTo(none.requestHash())
                .isNotEqualTo(Idempotency.of("k", "post", PARENT, false, null, List.of(b, a), "Hi").requestHash())
                .isNotEqualTo(Idempotency.of("k", "post", PARENT, false, null, List.of(a), "Hi").requestHash())
                // the ids cannot be mistaken for the start of the content
                .isNotEqualTo(Idempotency.of("k", "post", PARENT, false, null, List.of(),
                        a + "," + b + "\nHi").requestHash());
        // a key stored before messages carried files still matches its repeat
        byte[] before = java.security.MessageDigest.getInstance("SHA-256").digest(
                ("post\n" + PARENT + "\nfalse\n-\nHi").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(none.requestHash()).isEqualTo(java.util.HexFormat.of().formatHex(before));
    }

    @Test
    void aKeyIsOneToAHundredPrintableAsciiCharacters() {
        assertThat(Idempotency.of("x".repeat(100), "post", null, false, null, List.of(), "Hi")).isNotNull();
        assertThat(Idempotency.of("a-Z_0.9:~!", "post", null, false, null, List.of(), "Hi")).isNotNull();
        for (String bad : new String[] {"", " ", "has space", "x".repeat(101), "tab\t", "ключ", "new\nline"}) {
            assertThatThrownBy(() -> Idempotency.of(bad, "post", null, false, null, List.of(), "Hi"))
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
