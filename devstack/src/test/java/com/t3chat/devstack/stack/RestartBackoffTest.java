package com.t3chat.devstack.stack;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestartBackoffTest {

    private final RestartBackoff backoff = RestartBackoff.DEFAULT;

    @Test
    void waitsDoubleWithEveryCrashInARowUpToThirtySeconds() {
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delay(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoff.delay(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(1000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aPartThatStayedUpAMinuteStartsANewStreak() {
        assertThat(backoff.crashesInARow(0, Duration.ofMillis(300))).isEqualTo(1);
        assertThat(backoff.crashesInARow(4, Duration.ofSeconds(59))).isEqualTo(5);
        assertThat(backoff.crashesInARow(4, Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(backoff.crashesInARow(9, Duration.ofHours(3))).isEqualTo(1);
    }

    @Test
    void aCapBelowTheFirstWaitIsRefused() {
        assertThatThrownBy(() -> new RestartBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestartBackoff(Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
