package com.t3chat.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

class CachedJwtDecoderTest {

    private final Instant start = Instant.parse("2026-12-03T10:00:00Z");
    private final MutableClock clock = new MutableClock(start);
    private final AtomicInteger validations = new AtomicInteger();

    /** Validates a token named "good-…" (expiring 60 s after `start`); any other fails. */
    private final ReactiveJwtDecoder delegate = token -> {
        validations.incrementAndGet();
        if (!token.startsWith("good")) {
            return Mono.error(new BadJwtException("bad signature"));
        }
        if (!clock.instant().isBefore(start.plusSeconds(60))) {
            return Mono.error(new BadJwtException("expired"));
        }
        return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject("alice")
                .issuedAt(start).expiresAt(start.plusSeconds(60)).build());
    };
    private final CachedJwtDecoder decoder = new CachedJwtDecoder(delegate, clock);

    @Test
    void aTokenSeenBeforeIsNotValidatedAgainUntilItExpires() {
        assertThat(decoder.decode("good-1").block().getSubject()).isEqualTo("alice");
        assertThat(decoder.decode("good-1").block().getSubject()).isEqualTo("alice");
        assertThat(validations).hasValue(1);

        decoder.decode("good-2").block(); // another token is validated on its own
        assertThat(validations).hasValue(2);

        clock.advance(Duration.ofSeconds(61));
        assertThatThrownBy(() -> decoder.decode("good-1").block()).isInstanceOf(BadJwtException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void aTokenThatFailsIsValidatedEveryTime() {
        assertThatThrownBy(() -> decoder.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThat(validations).hasValue(2);
    }

    private static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
