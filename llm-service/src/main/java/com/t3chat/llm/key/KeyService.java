package com.t3chat.llm.key;

import com.t3chat.platform.accounts.DisabledUsers;
import com.t3chat.llm.key.ProviderKeys.StoredKey;
import com.t3chat.llm.provider.ChatModels;
import com.t3chat.llm.provider.Credentials;
import com.t3chat.llm.provider.Credentials.KeySource;
import com.t3chat.llm.provider.EgressClients;
import com.t3chat.llm.provider.ProviderId;
import com.t3chat.llm.provider.ProvidersProperties;
import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import dev.langchain4j.exception.HttpException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Users' own provider keys: checked against the provider before they are kept, kept sealed, shown masked, opened only
 * to answer that user's replies. A key is never logged, returned, or put in an event; errors name the provider,
 * never the key or the provider's error body (which may echo it).
 */
@Service
public class KeyService {

    static final URI KEY_REJECTED = ProblemTypes.of("key-rejected");
    static final URI BASE_URL_REFUSED = ProblemTypes.of("base-url-refused");
    static final URI PROVIDER_UNREACHABLE = ProblemTypes.of("provider-unreachable");
    private static final Logger log = LoggerFactory.getLogger(KeyService.class);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(20);

    private final ProviderKeys keys;
    private final KeyCipher cipher;
    private final ChatModels chatModels;
    private final EgressClients egress;
    private final ProvidersProperties providers;
    private final DisabledUsers disabledUsers;
    private final ApplicationEventPublisher events;

    KeyService(ProviderKeys keys, KeyCipher cipher, ChatModels chatModels, EgressClients egress,
            ProvidersProperties providers, DisabledUsers disabledUsers, ApplicationEventPublisher events) {
        this.keys = keys;
        this.cipher = cipher;
        this.chatModels = chatModels;
        this.egress = egress;
        this.providers = providers;
        this.disabledUsers = disabledUsers;
        this.events = events;
    }

    /** A key as the owner may see it. */
    public record KeyView(ProviderId provider, String last4, String baseUrl, java.time.Instant createdAt,
            java.time.Instant lastUsedAt) {
    }

    /**
     * Checks the key (and base URL) with the provider, then keeps it sealed, replacing the user's previous one; the
     * user's admission is refreshed (their replies with this provider are no longer limited).
     */
    Mono<KeyView> save(String ownerId, ProviderId provider, String apiKey, String baseUrl) {
        String key = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        String url = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.strip().replaceAll("/+$", "");
        if (key == null && provider.keyRequired()) {
            return Mono.error(ApiProblem.invalidField("apiKey", "is required for " + provider.displayName()));
        }
        if (url == null && !providers.of(provider).hasBaseUrl()) {
            return Mono.error(ApiProblem.invalidField("baseUrl", "is required for " + provider.displayName()
                    + " (this server has no default endpoint for it)"));
        }
        if (url != null) {
            Optional<String> refused = egress.checkUserUrl(url);
            if (refused.isPresent()) {
                return Mono.error(new ApiProblem(HttpStatus.BAD_REQUEST, BASE_URL_REFUSED,
                        "This base URL cannot be used: " + refused.get() + "."));
            }
        }
        var credentials = new Credentials(provider, url != null ? url : providers.of(provider).baseUrl(), key,
                KeySource.OWN, url != null);
        return disabledUsers.refuseIfDisabled(ownerId).then(Mono.fromCallable(() -> chatModels.listModels(credentials))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(CHECK_TIMEOUT)
                .onErrorMap(error -> !(error instanceof ApiProblem), error -> checkFailed(provider, error))
                .then(Mono.defer(() -> keys.save(ownerId, provider.id(),
                        cipher.seal(key == null ? "" : key, context(ownerId, provider)),
                        key == null ? "" : last4(key), url)))
                .then(keys.find(ownerId, provider.id()))
                .map(KeyService::view)
                .doOnNext(view -> events.publishEvent(new OwnKeysChanged(ownerId))));
    }

    Flux<KeyView> list(String ownerId) {
        return keys.findAll(ownerId)
                .filter(stored -> ProviderId.of(stored.provider()).isPresent())
                .map(KeyService::view);
    }

    Mono<Void> delete(String ownerId, ProviderId provider) {
        return disabledUsers.refuseIfDisabled(ownerId).then(keys.delete(ownerId, provider.id())
                .flatMap(deleted -> deleted ? Mono.<Void>empty()
                        : Mono.error(ApiProblem.notFound("You have no " + provider.displayName() + " key.")))
                .then(Mono.fromRunnable(() -> events.publishEvent(new OwnKeysChanged(ownerId)))));
    }

    /** The providers the user has a key (or endpoint) of their own for, without opening any key. */
    public Mono<Map<ProviderId, KeyView>> ownKeys(String ownerId) {
        return list(ownerId).collect(Collectors.toMap(KeyView::provider, Function.identity()));
    }

    /** The user's own credentials for a provider, opened, or empty; marks the key used. */
    public Mono<Credentials> ownCredentials(String ownerId, ProviderId provider) {
        return peekOwnCredentials(ownerId, provider)
                .flatMap(credentials -> keys.markUsed(ownerId, provider.id()).thenReturn(credentials));
    }

    /** The user's own credentials, opened, without marking the key used (e.g. to list their endpoint's models). */
    public Mono<Credentials> peekOwnCredentials(String ownerId, ProviderId provider) {
        return keys.find(ownerId, provider.id())
                .map(stored -> {
                    String key = cipher.open(stored.sealed(), context(ownerId, provider));
                    boolean ownUrl = stored.baseUrl() != null;
                    return new Credentials(provider, ownUrl ? stored.baseUrl() : providers.of(provider).baseUrl(),
                            key.isEmpty() ? null : key, KeySource.OWN, ownUrl);
                });
    }

    /** At start, moves keys sealed under an older master key to the active one (in the background). */
    @EventListener(ApplicationReadyEvent.class)
    void rotateOnStart() {
        rotate().subscribe(count -> {
            if (count > 0) {
                log.info("Re-sealed {} provider keys with master key '{}'", count, cipher.activeKeyId());
            }
        }, error -> log.warn("Re-sealing provider keys failed: {}", error.toString()));
    }

    /** Re-seals keys sealed under an older master key with the active one; answers how many it re-sealed. */
    Mono<Long> rotate() {
        String active = cipher.activeKeyId();
        return keys.sealedWithOtherThan(active, 500)
                .concatMap(stored -> {
                    String context = context(stored.ownerId(), ProviderId.of(stored.provider()).orElseThrow());
                    var resealed = cipher.seal(cipher.open(stored.sealed(), context), context);
                    return keys.reseal(stored, resealed);
                })
                .filter(Boolean::booleanValue)
                .count();
    }

    private static String context(String ownerId, ProviderId provider) {
        return "provider_key\0" + ownerId + "\0" + provider.id();
    }

    private static String last4(String key) {
        return key.length() <= 8 ? "" : key.substring(key.length() - 4);
    }

    private static KeyView view(StoredKey stored) {
        return new KeyView(ProviderId.of(stored.provider()).orElseThrow(), stored.last4(), stored.baseUrl(),
                stored.createdAt(), stored.lastUsedAt());
    }

    private static ApiProblem checkFailed(ProviderId provider, Throwable error) {
        Optional<String> refused = EgressClients.refusal(error);
        if (refused.isPresent()) {
            return new ApiProblem(HttpStatus.BAD_REQUEST, BASE_URL_REFUSED, refused.get());
        }
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof HttpException http) {
                int status = http.statusCode();
                log.info("Key check with {} answered HTTP {}", provider.id(), status);
                if (status == 401 || status == 403) {
                    return new ApiProblem(HttpStatus.BAD_REQUEST, KEY_REJECTED,
                            provider.displayName() + " rejected this key.");
                }
                if (status < 500 && status != 429) {
                    return new ApiProblem(HttpStatus.BAD_REQUEST, KEY_REJECTED, provider.displayName()
                            + " did not accept the check of this key (HTTP " + status + "); check the key and base URL.");
                }
            }
        }
        log.info("Key check with {} failed: {}", provider.id(), error.getClass().getSimpleName());
        return new ApiProblem(HttpStatus.BAD_GATEWAY, PROVIDER_UNREACHABLE, provider.displayName()
                + " could not be reached to check the key; nothing was saved. Try again later.");
    }
}
