package com.t3chat.auth.realm;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code t3chat} realm as auth-service keeps it ({@code t3chat.realm}): reconciled through Keycloak's admin API
 * at start and on demand, so that local, docker-compose and Kubernetes realms are the same.
 *
 * @param enabled             whether auth-service manages the realm at all
 * @param serverUrl           Keycloak's base URL ({@code KEYCLOAK_URL})
 * @param adminUsername       a master-realm admin ({@code KEYCLOAK_ADMIN_USERNAME}; secret from the environment)
 * @param publicUrl           where the web app is served: the web client's redirect URIs and origins
 * @param cliClient           whether the {@code t3chat-cli} password-grant client exists (local only)
 * @param seedUsers           local users to create if missing (username = password; local only)
 * @param serviceClients      confidential clients, one per service that calls another
 * @param accessTokenLifespan access tokens' lifetime (refresh tokens renew them)
 * @param passwordPolicy      Keycloak's password policy expression
 */
@Validated
@ConfigurationProperties("t3chat.realm")
public record RealmProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("http://localhost:8180") @NotBlank String serverUrl,
        @DefaultValue("t3chat") @NotBlank String realm,
        @DefaultValue("T3 Chat") String displayName,
        @DefaultValue("admin") String adminUsername,
        String adminPassword,
        @DefaultValue("http://localhost:8080") @NotBlank String publicUrl,
        @DefaultValue("false") boolean cliClient,
        List<@Valid SeedUser> seedUsers,
        List<@NotBlank String> serviceClients,
        @DefaultValue("5m") @NotNull Duration accessTokenLifespan,
        @DefaultValue("30m") @NotNull Duration ssoSessionIdle,
        @DefaultValue("10h") @NotNull Duration ssoSessionMax,
        @DefaultValue("length(8) and notUsername") String passwordPolicy,
        @Valid @DefaultValue BruteForce bruteForce,
        @Valid @DefaultValue Smtp smtp,
        @Valid @DefaultValue SocialLogin google,
        @Valid @DefaultValue SocialLogin github) {

    public RealmProperties {
        seedUsers = seedUsers == null ? List.of() : List.copyOf(seedUsers);
        serviceClients = serviceClients == null ? List.of() : List.copyOf(serviceClients);
    }

    /**
     * @param failureFactor wrong passwords before the account is locked
     * @param waitIncrement how long the first lock lasts (it grows with further failures, up to maxWait)
     */
    public record BruteForce(@DefaultValue("5") @Min(1) int failureFactor,
            @DefaultValue("1m") @NotNull Duration waitIncrement,
            @DefaultValue("15m") @NotNull Duration maxWait) {
    }

    /** Where Keycloak sends mail (password reset); blank host: no mail. */
    public record Smtp(String host, @DefaultValue("25") int port, @DefaultValue("no-reply@t3chat.local") String from) {
    }

    /** An identity provider, enabled when both are set (from the environment). */
    public record SocialLogin(String clientId, String clientSecret) {

        boolean configured() {
            return clientId != null && !clientId.isBlank() && clientSecret != null && !clientSecret.isBlank();
        }

        @Override
        public String toString() {
            return "SocialLogin[clientId=" + clientId + ", clientSecret=(hidden)]";
        }
    }

    /** A local user: password = username; roles besides {@code user}. */
    public record SeedUser(@NotBlank String username, List<String> roles) {

        public SeedUser {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    @Override
    public String toString() {
        return "RealmProperties[" + realm + " at " + serverUrl + ", admin " + adminUsername + "]";
    }
}
