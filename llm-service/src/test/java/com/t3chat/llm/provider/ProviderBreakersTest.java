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
            Duration.ofSeconds(30), Duration.ofSeconds(60), 3, Duration.ofMillis(100), 50, 4, Duration.ofSeconds(10),
            Duration.ofSeconds(30)));

    private static Credentials at(ProviderId provider, String url) {
        return new Credentials(provider, url, "k", KeySource.SYSTEM, false);
    }

    private static Credentials own(ProviderId provider, String url, boolean userUrl) {
        return new Credentials(provider, url, "users-key", KeySource.OWN, userUrl);
    }

    private static void fail(CircuitBreaker breaker, int times, Throwable error) {
        for (int i = 0; i < times; i++) {
            if (breaker.tryAcquirePermission()) {
                breaker.onError(1, TimeUnit.MILLISECONDS, error);
            }
        }
    }

    @Test
    void providerFaultsOpenTheBreakerOfThatEndpointOnly() {
        CircuitBreaker openai = breakers.breakerFor(at(ProviderId.OPENAI, "https://api.openai.com/v1"), "erin");
        for (int i = 0; i < 4; i++) {
            assertThat(openai.tryAcquirePermission()).isTrue();
            openai.onError(1, TimeUnit.MILLISECONDS, new InternalServerException("boom"));
        }
        assertThat(openai.tryAcquirePermission()).isFalse();
        assertThat(ProviderErrors.reason(CallNotPermittedException.createCallNotPermittedException(openai)))
                .contains("failing right now");
        assertThat(breakers.breakerFor(at(ProviderId.OPENAI, "https://api.openai.com/v1"), "erin")).isSameAs(openai);
        // the operator's key is shared: another user's replies use the same breaker
        assertThat(breakers.breakerFor(at(ProviderId.OPENAI, "https://api.openai.com:443/v2"), "frank")).isSameAs(openai);
        // another port is another endpoint
        assertThat(breakers.breakerFor(at(ProviderId.OPENAI, "https://api.openai.com:8443/v1"), "erin")
                .tryAcquirePermission()).isTrue();
        assertThat(breakers.breakerFor(at(ProviderId.ANTHROPIC, "https://api.anthropic.com/v1"), "erin")
                .tryAcquirePermission()).isTrue();
    }

    @Test
    void breakersAreNamedByEndpointAndKeySource() {
        assertThat(ProviderBreakers.nameOf(at(ProviderId.OPENAI, "https://API.openai.com/v1"), "erin"))
                .isEqualTo("openai@https://api.openai.com:443|system");
        assertThat(ProviderBreakers.nameOf(own(ProviderId.OPENAI, "https://api.openai.com/v1", false), "erin"))
                .isEqualTo("openai@https://api.openai.com:443|own:erin");
        assertThat(ProviderBreakers.nameOf(own(ProviderId.OLLAMA, "http://gpu.example:11434", true), "erin"))
                .isEqualTo("ollama@http://gpu.example:11434|own:erin");
        assertThat(ProviderBreakers.nameOf(at(ProviderId.OPENAI, "not a url"), "erin")).endsWith("@invalid|system");
    }

    @Test
    void oneUsersFailingOwnEndpointLeavesOtherUsersAndTheOperatorsKeyAlone() {
        String url = "http://gpu.example:8000/v1";
        CircuitBreaker erins = breakers.breakerFor(own(ProviderId.OPENAI_COMPATIBLE, url, true), "erin");
        fail(erins, 4, new InternalServerException("boom"));
        assertThat(erins.tryAcquirePermission()).isFalse();

        assertThat(breakers.breakerFor(own(ProviderId.OPENAI_COMPATIBLE, url, true), "frank").tryAcquirePermission())
                .isTrue();
        assertThat(breakers.breakerFor(at(ProviderId.OPENAI_COMPATIBLE, url), "erin").tryAcquirePermission())
                .isTrue();
    }

    @Test
    void aFullConnectionPoolAndRefusedCallsAreNotCountedAtAll() {
        CircuitBreaker openai = breakers.breakerFor(at(ProviderId.OPENAI, "https://pool.example/v1"), "erin");
        var poolBusy = new RuntimeException(new com.t3chat.llm.egress.PoolBusyException("pool.example:443",
                Duration.ofSeconds(30), new java.io.InterruptedIOException("lease timed out")));
        fail(openai, 20, poolBusy);
        fail(openai, 20, CallNotPermittedException.createCallNotPermittedException(openai));
        fail(openai, 20, new HttpException(429, "slow down"));
        assertThat(openai.getMetrics().getNumberOfBufferedCalls()).isZero();
        assertThat(openai.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(ProviderErrors.retryable(poolBusy)).isFalse();
        assertThat(ProviderErrors.providerFault(poolBusy)).isFalse();
        assertThat(ProviderErrors.reason(poolBusy)).isEqualTo(ProviderErrors.POOL_BUSY);
    }

    @Test
    void rejectedKeysAndRateLimitsDoNotOpenIt() {
        CircuitBreaker gemini = breakers.breakerFor(at(ProviderId.GEMINI, "https://g.example/v1beta"), "erin");
        for (int i = 0; i < 10; i++) {
            gemini.tryAcquirePermission();
            gemini.onError(1, TimeUnit.MILLISECONDS, new HttpException(i % 2 == 0 ? 401 : 429, "no"));
        }
        assertThat(gemini.tryAcquirePermission()).isTrue();
    }

    @Test
    void aRunOfFailuresAmongTheMinutesManySuccessesLeavesASharedKeyOpenToAll() {
        CircuitBreaker busy = breakers.breakerFor(at(ProviderId.OPENAI, "https://busy.example/v1"), "erin");
        for (int i = 0; i < 100; i++) {
            busy.tryAcquirePermission();
            busy.onSuccess(1, TimeUnit.MILLISECONDS);
        }
        // 15 in a row: a window of the last 20 calls would be 75 % failed and open for every user
        fail(busy, 15, new InternalServerException("502"));
        assertThat(busy.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

        fail(busy, 100, new InternalServerException("502"));
        assertThat(busy.getState()).as("half of the window's calls failed").isEqualTo(CircuitBreaker.State.OPEN);
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
