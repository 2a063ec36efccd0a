package com.t3chat.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.llm.provider.Credentials.KeySource;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProviderBreakersTest {

    private final ProviderBreakers breakers = new ProviderBreakers(new ResilienceProperties(
            Duration.ofSeconds(30), Duration.ofSeconds(60), 3, Duration.ofMillis(100), 50, 4, 10,
            Duration.ofSeconds(30)));

    private static Credentials at(ProviderId provider, String url) {
        return new Credentials(provider, url, "k", KeySource.SYSTEM, false);
    }

    @Test
    void providerFaultsOpenTheBreakerOfThatEndpointOnly() {
        CircuitBreaker openai = breakers.breakerFor(at(ProviderId.OPENAI, "https://api.openai.com/v1"));
        for (int i = 0; i < 4; i++) {
            assertThat(openai.tryAcquirePermission()).isTrue();
            openai.onError(1, TimeUnit.MILLISECONDS, new InternalServerException("boom"));
        }
        assertThat(openai.tryAcquirePermission()).isFalse();
        assertThat(ProviderErrors.reason(CallNotPermittedException.createCallNotPermittedException(openai)))
                .contains("failing right now");
        assertThat(breakers.breakerFor(at(ProviderId.OPENAI, "https://api.openai.com/v1"))).isSameAs(openai);
        assertThat(breakers.breakerFor(at(ProviderId.ANTHROPIC, "https://api.anthropic.com/v1"))
                .tryAcquirePermission()).isTrue();
    }

    @Test
    void rejectedKeysAndRateLimitsDoNotOpenIt() {
        CircuitBreaker gemini = breakers.breakerFor(at(ProviderId.GEMINI, "https://g.example/v1beta"));
        for (int i = 0; i < 10; i++) {
            gemini.tryAcquirePermission();
            gemini.onError(1, TimeUnit.MILLISECONDS, new HttpException(i % 2 == 0 ? 401 : 429, "no"));
        }
        assertThat(gemini.tryAcquirePermission()).isTrue();
    }

    @Test
    void onlyTransientFailuresAreRetried() {
        assertThat(ProviderErrors.retryable(new HttpException(429, "slow down"))).isTrue();
        assertThat(ProviderErrors.retryable(new HttpException(503, "down"))).isTrue();
        assertThat(ProviderErrors.retryable(new RuntimeException(new ConnectException("refused")))).isTrue();
        assertThat(ProviderErrors.retryable(new HttpException(401, "bad key"))).isFalse();
        assertThat(ProviderErrors.retryable(new HttpException(400, "too long"))).isFalse();
        assertThat(ProviderErrors.retryable(new IllegalStateException("bug"))).isFalse();
        assertThat(ProviderErrors.providerFault(new HttpException(429, "slow down"))).isFalse();
        assertThat(ProviderErrors.providerFault(new HttpException(502, "bad gateway"))).isTrue();
    }
}
