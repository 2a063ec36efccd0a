package com.t3chat.chat.message;

import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import java.net.URI;
import java.time.Instant;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Asks llm-service whether the caller may start a reply with a model now (the operator's limits on system-key use),
 * with the caller's own token and never cached: limits move with every reply. A 429 is passed on to the caller as
 * the same problem, before anything is stored. Any other answer — or none within the timeout — admits the message:
 * llm-service checks again when it generates and then fails the reply with a readable reason.
 */
@Component
class AdmissionClient {

    static final URI LIMIT_EXCEEDED = ProblemTypes.of("limit-exceeded");
    private static final Logger log = LoggerFactory.getLogger(AdmissionClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail", "instance");
    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private final WebClient llm;

    AdmissionClient(@Value("${t3chat.services.llm:http://localhost:8083}") String llmServiceUrl) {
        this.llm = WebClient.create(llmServiceUrl);
    }

    /** Completes empty when the reply may be requested; fails with the 429 problem when a limit is reached. */
    Mono<Void> admit(String bearerToken, String model) {
        return llm.get()
                .uri(uri -> uri.path("/api/usage/admission").queryParam("model", "{model}").build(model))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                .exchangeToMono(AdmissionClient::refusal)
                .timeout(TIMEOUT)
                .onErrorResume(e -> {
                    log.debug("llm-service's admission check is unavailable, admitting: {}", e.toString());
                    return Mono.empty();
                })
                .flatMap(problem -> Mono.<Void>error(problem));
    }

    /** The refusal in a 429 answer; empty for any other answer. */
    private static Mono<ApiProblem> refusal(ClientResponse response) {
        if (response.statusCode().value() != HttpStatus.TOO_MANY_REQUESTS.value()) {
            return response.releaseBody().then(Mono.empty());
        }
        String retryAfter = response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER);
        return response.bodyToMono(JSON)
                .onErrorResume(e -> Mono.empty())
                .defaultIfEmpty(Map.of())
                .map(body -> toProblem(body, retryAfter));
    }

    private static ApiProblem toProblem(Map<String, Object> body, String retryAfter) {
        URI type = body.get("type") instanceof String t ? URI.create(t) : LIMIT_EXCEEDED;
        String detail = body.get("detail") instanceof String d ? d
                : "You reached a limit on the use of the system keys. Try again later.";
        var problem = new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, type, detail);
        if (body.get("title") instanceof String title) {
            problem.getBody().setTitle(title);
        }
        // every 429 says when to come back: llm-service's, else a minute
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfter == null || retryAfter.isBlank() ? "60" : retryAfter);
        // the extension members (limit, resetsAt) as llm-service sent them; the instance is this request's own
        body.forEach((name, value) -> {
            if (!STANDARD_MEMBERS.contains(name)) {
                problem.getBody().setProperty(name, value);
            }
        });
        return problem;
    }
}
