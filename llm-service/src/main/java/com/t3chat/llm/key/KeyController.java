package com.t3chat.llm.key;

import com.t3chat.llm.key.KeyService.KeyView;
import com.t3chat.llm.provider.ProviderId;
import com.t3chat.platform.problem.ApiProblem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The caller's own provider keys: add (checked with the provider first), list masked, remove. */
@RestController
class KeyController {

    private final KeyService keys;

    KeyController(KeyService keys) {
        this.keys = keys;
    }

    @PutMapping("/api/keys/{provider}")
    Mono<KeyResponse> save(@AuthenticationPrincipal Jwt jwt, @PathVariable String provider,
            @Valid @RequestBody SaveKeyRequest request) {
        return keys.save(jwt.getSubject(), provider(provider), request.apiKey(), request.baseUrl())
                .map(KeyResponse::from);
    }

    @GetMapping("/api/keys")
    Mono<KeysResponse> list(@AuthenticationPrincipal Jwt jwt) {
        return keys.list(jwt.getSubject()).map(KeyResponse::from).collectList().map(KeysResponse::new);
    }

    @DeleteMapping("/api/keys/{provider}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@AuthenticationPrincipal Jwt jwt, @PathVariable String provider) {
        return keys.delete(jwt.getSubject(), provider(provider));
    }

    private static ProviderId provider(String id) {
        return ProviderId.of(id).orElseThrow(() -> ApiProblem.invalidField("provider", "must be one of "
                + Arrays.stream(ProviderId.values()).map(ProviderId::id).toList()));
    }

    /**
     * @param apiKey  the provider's API key (optional for Ollama and keyless OpenAI-compatible servers)
     * @param baseUrl the endpoint, for OpenAI-compatible servers, Ollama, or a proxy (http or https, reachable from
     *                the internet unless the operator allow-listed its host)
     */
    record SaveKeyRequest(@Size(max = 512) String apiKey, @Size(max = 2048) String baseUrl) {

        @Override
        public String toString() {
            return "SaveKeyRequest[apiKey=(hidden), baseUrl=" + baseUrl + "]";
        }
    }

    /** A key as its owner sees it: never the key, only its last four characters. */
    record KeyResponse(String provider, String maskedKey, String baseUrl, Instant addedAt, Instant lastUsedAt) {

        static KeyResponse from(KeyView key) {
            return new KeyResponse(key.provider().id(), key.last4().isEmpty() ? null : "…" + key.last4(),
                    key.baseUrl(), key.createdAt(), key.lastUsedAt());
        }
    }

    record KeysResponse(List<KeyResponse> items) {
    }
}
