package com.t3chat.auth.register;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistrationRateLimitTest {

    @Test
    void anAddressGetsFiveTriesPerWindowOthersAreNotAffected() {
        var limit = new RegistrationRateLimit();
        for (int i = 0; i < RegistrationRateLimit.MAX; i++) {
            assertThat(limit.tryAcquire("10.0.0.1")).isEmpty();
        }
        assertThat(limit.tryAcquire("10.0.0.1")).hasValueSatisfying(retryAt ->
                assertThat(retryAt).isAfter(java.time.Instant.now().plus(RegistrationRateLimit.WINDOW).minusSeconds(5)));
        assertThat(limit.tryAcquire("10.0.0.2")).isEmpty();
    }
}
