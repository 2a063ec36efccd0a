package com.t3chat.llm.provider;

import dev.langchain4j.http.client.HttpClientBuilder;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** TEMPORARY until the egress package lands. */
@Component
public class EgressClients {

    HttpClientBuilder builderFor(Credentials credentials) {
        return null;
    }

    /** Why a base URL a user gives cannot be used, or empty if it may be tried (names are checked at connect time). */
    public Optional<String> checkUserUrl(String baseUrl) {
        return Optional.empty();
    }

    /** The readable reason if this error (or a cause) is the egress policy refusing a destination. */
    public static Optional<String> refusal(Throwable error) {
        return Optional.empty();
    }
}
