package com.t3chat.auth.register;

import com.t3chat.auth.realm.RealmAdmin;
import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import com.t3chat.platform.security.ClientAddressResolver;
import jakarta.validation.Valid;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
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
 * Sign-up for API and mobile clients (the web app uses Keycloak's own page): creates the Keycloak user, who gets the
 * {@code user} role and then signs in as usual. Rate limited per client address.
 */
@RestController
class RegisterController {

    private static final Logger log = LoggerFactory.getLogger(RegisterController.class);

    private final RealmAdmin keycloak;
    private final RegistrationRateLimit rateLimit;
    private final ClientAddressResolver clientAddresses;

    RegisterController(RealmAdmin keycloak, RegistrationRateLimit rateLimit, ClientAddressResolver clientAddresses) {
        this.keycloak = keycloak;
        this.rateLimit = rateLimit;
        this.clientAddresses = clientAddresses;
    }

    @PostMapping("/api/auth/register")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<RegisteredResponse> register(@Valid @RequestBody RegisterRequest request, ServerHttpRequest http) {
        Optional<Instant> retryAt = rateLimit.tryAcquire(clientAddresses.resolve(http));
        if (retryAt.isPresent()) {
            return Mono.error(ApiProblem.tooManyRequests(ProblemTypes.RATE_LIMITED,
                    "Too many sign-ups from this address; try again after " + retryAt.get() + ".", retryAt.get()));
        }
        return Mono.fromCallable(() -> create(request)).subscribeOn(Schedulers.boundedElastic());
    }

    private RegisteredResponse create(RegisterRequest request) {
        var users = keycloak.realm().users();
        if (!users.searchByUsername(request.username(), true).isEmpty()) {
            throw new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.of("username-taken"),
                    "The username '" + request.username() + "' is taken.");
        }
        if (!users.searchByEmail(request.email(), true).isEmpty()) {
            throw new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.of("email-taken"),
                    "An account with this email exists; sign in or reset its password.");
        }
        var user = new UserRepresentation();
        user.setUsername(request.username());
        user.setEmail(request.email());
        user.setEnabled(true);
        user.setEmailVerified(false);
        var password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(request.password());
        password.setTemporary(false);
        user.setCredentials(List.of(password));
        try (Response created = users.create(user)) {
            if (created.getStatus() == 409) {
                throw new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.of("username-taken"),
                        "The username or email is taken.");
            }
            if (created.getStatus() == 400) { // Keycloak's password policy (or another rule) said no
                String reason = created.readEntity(String.class);
                throw ApiProblem.invalidField("password", reason != null && reason.contains("invalidPassword")
                        ? "does not meet the password policy" : "was refused");
            }
            if (created.getStatus() >= 300) {
                log.warn("Keycloak answered {} to a sign-up", created.getStatus());
                throw new ApiProblem(HttpStatus.BAD_GATEWAY, ProblemTypes.SERVICE_UNAVAILABLE,
                        "Sign-up is unavailable right now; please try again.");
            }
            String path = created.getLocation().getPath();
            return new RegisteredResponse(path.substring(path.lastIndexOf('/') + 1), request.username(),
                    request.email());
        }
    }

    record RegisteredResponse(String id, String username, String email) {
    }
}
