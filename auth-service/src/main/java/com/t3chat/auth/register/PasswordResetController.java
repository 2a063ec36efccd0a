package com.t3chat.auth.register;

import com.t3chat.auth.realm.RealmAdmin;
import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import com.t3chat.platform.security.ClientAddressResolver;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * "I forgot my password": Keycloak mails the account's owner a link to set a new one (its UPDATE_PASSWORD email
 * action). The answer is the same whether or not the address has an account, so it tells nobody who has one.
 */
@RestController
class PasswordResetController {

    private static final Logger log = LoggerFactory.getLogger(PasswordResetController.class);
    private static final int LINK_LIFESPAN_SECONDS = 3600;

    private final RealmAdmin keycloak;
    private final RegistrationRateLimit rateLimit = new RegistrationRateLimit();
    private final ClientAddressResolver clientAddresses;

    PasswordResetController(RealmAdmin keycloak, ClientAddressResolver clientAddresses) {
        this.keycloak = keycloak;
        this.clientAddresses = clientAddresses;
    }

    @PostMapping("/api/auth/password-reset")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Void> reset(@Valid @RequestBody ResetRequest request, ServerHttpRequest http) {
        Optional<Instant> retryAt = rateLimit.tryAcquire(clientAddresses.resolve(http));
        if (retryAt.isPresent()) {
            return Mono.error(ApiProblem.tooManyRequests(ProblemTypes.RATE_LIMITED,
                    "Too many reset requests from this address; try again after " + retryAt.get() + ".",
                    retryAt.get()));
        }
        return Mono.fromRunnable(() -> sendLink(request.email())).subscribeOn(Schedulers.boundedElastic()).then();
    }

    private void sendLink(String email) {
        var users = keycloak.realm().users();
        users.searchByEmail(email.strip(), true).stream()
                .filter(user -> Boolean.TRUE.equals(user.isEnabled()))
                .findFirst()
                .ifPresent(user -> {
                    try {
                        users.get(user.getId()).executeActionsEmail(List.of("UPDATE_PASSWORD"), LINK_LIFESPAN_SECONDS);
                    } catch (RuntimeException e) { // e.g. no SMTP server configured: the caller still gets 202
                        log.warn("Password reset mail for user {} not sent: {}", user.getId(), e.toString());
                    }
                });
    }

    record ResetRequest(@NotBlank @Email String email) {
    }
}
