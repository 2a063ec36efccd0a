package com.t3chat.llm.provider;

import com.t3chat.llm.egress.EgressRefusedException;
import com.t3chat.llm.egress.SafeHttpClients;
import dev.langchain4j.http.client.HttpClientBuilder;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Picks the way out for a provider call: a base URL a user chose goes through the egress policy (private, loopback,
 * link-local and metadata addresses refused at connect time, no redirects; ADR 0007), the operator's configured
 * endpoints through the unrestricted pool. Every builder is fresh (langchain4j sets timeouts on it) and shares
 * its pool's connections.
 */
@Component
public class EgressClients {

    private final SafeHttpClients userUrls;
    private final SafeHttpClients operatorEndpoints;
    private final Duration idleTimeout;

    EgressClients(@Qualifier(SafeHttpClients.FOR_USER_URLS) SafeHttpClients userUrls,
            @Qualifier(SafeHttpClients.FOR_OPERATOR_ENDPOINTS) SafeHttpClients operatorEndpoints,
            ResilienceProperties resilience) {
        this.userUrls = userUrls;
        this.operatorEndpoints = operatorEndpoints;
        this.idleTimeout = resilience.idleTimeout();
    }

    /** A builder for these credentials' endpoint; its read timeout is the longest silence between bytes. */
    HttpClientBuilder builderFor(Credentials credentials) {
        return (credentials.userUrl() ? userUrls : operatorEndpoints).builder().readTimeout(idleTimeout);
    }

    /** Why a base URL a user gives cannot be used, or empty if it may be tried (names are checked at connect time). */
    public Optional<String> checkUserUrl(String baseUrl) {
        return userUrls.policy().check(baseUrl);
    }

    /** The readable reason if this error (or a cause) is the egress policy refusing a destination. */
    public static Optional<String> refusal(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof EgressRefusedException refused) {
                return Optional.of(refused.getMessage() + ".");
            }
        }
        return Optional.empty();
    }
}
