package com.t3chat.auth.realm;

import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Puts the {@code t3chat} realm in the state {@link RealmProperties} describes, through Keycloak's admin API, and
 * answers what it had to change: nothing when the realm already matches (running it twice changes nothing), and
 * whatever drifted after someone edited the realm by hand. Blocking: call it off event-loop threads.
 */
@Service
public class RealmReconciler {

    private static final Logger log = LoggerFactory.getLogger(RealmReconciler.class);
    static final String API_AUDIENCE = "t3chat-api";
    /** The web app's public client (code + PKCE); the web app learns it from {@code GET /api/public/config}. */
    public static final String WEB_CLIENT_ID = "t3chat-web";
    static final List<String> ROLES = List.of("user", "moderator", "admin");

    private final RealmProperties properties;
    private final RealmAdmin admin;

    RealmReconciler(RealmProperties properties, RealmAdmin admin) {
        this.properties = properties;
        this.admin = admin;
    }

    /** Reconciles now; answers the changes made (empty: the realm already matched). */
    public synchronized List<String> reconcile() {
        try {
            return reconcileNow();
        } catch (RealmReconcileException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RealmReconcileException("Keycloak could not be reconciled: " + e.getMessage(), e);
        }
    }

    private List<String> reconcileNow() {
        Keycloak keycloak = admin.keycloak();
        List<String> changes = new ArrayList<>();
        boolean exists = keycloak.realms().findAll().stream().anyMatch(r -> r.getRealm().equals(properties.realm()));
        if (!exists) {
            var realm = new RealmRepresentation();
            realm.setRealm(properties.realm());
            realm.setEnabled(true);
            keycloak.realms().create(realm);
            changes.add("realm created");
        }
        RealmResource realm = keycloak.realm(properties.realm());
        settings(realm, changes);
        userProfile(realm, changes);
        roles(realm, changes);
        clients(realm, changes);
        identityProviders(realm, changes);
        users(realm, changes);
        if (changes.isEmpty()) {
            log.info("Realm {} matches its definition", properties.realm());
        } else {
            log.info("Realm {} reconciled: {}", properties.realm(), changes);
        }
        return changes;
    }

    private void settings(RealmResource realm, List<String> changes) {
        RealmRepresentation current = realm.toRepresentation();
        int before = changes.size();
        set(changes, "displayName", current.getDisplayName(), properties.displayName(), current::setDisplayName);
        set(changes, "enabled", current.isEnabled(), true, current::setEnabled);
        set(changes, "registrationAllowed", current.isRegistrationAllowed(), true, current::setRegistrationAllowed);
        set(changes, "resetPasswordAllowed", current.isResetPasswordAllowed(), true, current::setResetPasswordAllowed);
        set(changes, "loginWithEmailAllowed", current.isLoginWithEmailAllowed(), true,
                current::setLoginWithEmailAllowed);
        set(changes, "duplicateEmailsAllowed", current.isDuplicateEmailsAllowed(), false,
                current::setDuplicateEmailsAllowed);
        set(changes, "accessTokenLifespan", current.getAccessTokenLifespan(),
                seconds(properties.accessTokenLifespan()), current::setAccessTokenLifespan);
        set(changes, "ssoSessionIdleTimeout", current.getSsoSessionIdleTimeout(),
                seconds(properties.ssoSessionIdle()), current::setSsoSessionIdleTimeout);
        set(changes, "ssoSessionMaxLifespan", current.getSsoSessionMaxLifespan(),
                seconds(properties.ssoSessionMax()), current::setSsoSessionMaxLifespan);
        set(changes, "passwordPolicy", current.getPasswordPolicy(), properties.passwordPolicy(),
                current::setPasswordPolicy);
        RealmProperties.BruteForce brute = properties.bruteForce();
        set(changes, "bruteForceProtected", current.isBruteForceProtected(), true, current::setBruteForceProtected);
        set(changes, "permanentLockout", current.isPermanentLockout(), false, current::setPermanentLockout);
        set(changes, "failureFactor", current.getFailureFactor(), brute.failureFactor(), current::setFailureFactor);
        set(changes, "waitIncrementSeconds", current.getWaitIncrementSeconds(), seconds(brute.waitIncrement()),
                current::setWaitIncrementSeconds);
        // failures in quick succession lock as long as the first ordinary lock
        set(changes, "minimumQuickLoginWaitSeconds", current.getMinimumQuickLoginWaitSeconds(),
                seconds(brute.waitIncrement()), current::setMinimumQuickLoginWaitSeconds);
        set(changes, "maxFailureWaitSeconds", current.getMaxFailureWaitSeconds(), seconds(brute.maxWait()),
                current::setMaxFailureWaitSeconds);
        set(changes, "maxDeltaTimeSeconds", current.getMaxDeltaTimeSeconds(), 43_200,
                current::setMaxDeltaTimeSeconds);
        Map<String, String> smtp = smtpServer();
        Map<String, String> currentSmtp = current.getSmtpServer() == null ? Map.of() : current.getSmtpServer();
        if (!smtp.equals(Map.copyOf(currentSmtp))) {
            current.setSmtpServer(smtp);
            changes.add("smtpServer");
        }
        if (changes.size() > before) {
            realm.update(current);
        }
    }

    /** Only username, email and password are asked for: names are optional (the app has display names). */
    private static void userProfile(RealmResource realm, List<String> changes) {
        UPConfig config = realm.users().userProfile().getConfiguration();
        boolean changed = false;
        for (UPAttribute attribute : config.getAttributes()) {
            if (Set.of("firstName", "lastName").contains(attribute.getName()) && attribute.getRequired() != null) {
                attribute.setRequired(null);
                changed = true;
            }
        }
        if (changed) {
            realm.users().userProfile().update(config);
            changes.add("first and last names optional");
        }
    }

    private Map<String, String> smtpServer() {
        RealmProperties.Smtp smtp = properties.smtp();
        if (smtp.host() == null || smtp.host().isBlank()) {
            return Map.of();
        }
        return Map.of("host", smtp.host(), "port", Integer.toString(smtp.port()), "from", smtp.from(),
                "fromDisplayName", properties.displayName(), "auth", "false", "ssl", "false", "starttls", "false");
    }

    private void roles(RealmResource realm, List<String> changes) {
        Set<String> existing = new java.util.HashSet<>();
        realm.roles().list().forEach(role -> existing.add(role.getName()));
        for (String name : ROLES) {
            if (!existing.contains(name)) {
                var role = new RoleRepresentation();
                role.setName(name);
                realm.roles().create(role);
                changes.add("role " + name + " created");
            }
        }
        String defaults = "default-roles-" + properties.realm();
        var defaultRole = realm.roles().get(defaults);
        if (defaultRole.getRealmRoleComposites().stream().noneMatch(role -> role.getName().equals("user"))) {
            defaultRole.addComposites(List.of(realm.roles().get("user").toRepresentation()));
            changes.add("new users get role user");
        }
    }

    private void clients(RealmResource realm, List<String> changes) {
        String web = properties.publicUrl().replaceAll("/+$", "");
        var webClient = client(WEB_CLIENT_ID, true);
        webClient.setStandardFlowEnabled(true);
        webClient.setDirectAccessGrantsEnabled(false);
        webClient.setRedirectUris(List.of(web + "/*"));
        webClient.setWebOrigins(List.of(web));
        webClient.setAttributes(Map.of("pkce.code.challenge.method", "S256", "post.logout.redirect.uris", web + "/*"));
        ensureClient(realm, webClient, changes);
        if (properties.cliClient()) {
            var cli = client("t3chat-cli", true);
            cli.setStandardFlowEnabled(false);
            cli.setDirectAccessGrantsEnabled(true);
            ensureClient(realm, cli, changes);
        } else {
            realm.clients().findByClientId("t3chat-cli").forEach(found -> {
                realm.clients().get(found.getId()).remove();
                changes.add("client t3chat-cli removed (local only)");
            });
        }
        for (String service : properties.serviceClients()) {
            var confidential = client("t3chat-" + service, false);
            confidential.setStandardFlowEnabled(false);
            confidential.setDirectAccessGrantsEnabled(false);
            confidential.setServiceAccountsEnabled(true);
            ensureClient(realm, confidential, changes);
        }
    }

    private static ClientRepresentation client(String clientId, boolean publicClient) {
        var client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setEnabled(true);
        client.setProtocol("openid-connect");
        client.setPublicClient(publicClient);
        client.setServiceAccountsEnabled(false);
        client.setImplicitFlowEnabled(false);
        return client;
    }

    private void ensureClient(RealmResource realm, ClientRepresentation desired, List<String> changes) {
        List<ClientRepresentation> found = realm.clients().findByClientId(desired.getClientId());
        if (found.isEmpty()) {
            try (Response created = realm.clients().create(desired)) {
                check(created, "client " + desired.getClientId());
            }
            changes.add("client " + desired.getClientId() + " created");
            found = realm.clients().findByClientId(desired.getClientId());
        } else {
            ClientRepresentation current = found.getFirst();
            int before = changes.size();
            String prefix = "client " + desired.getClientId() + " ";
            set(changes, prefix + "enabled", current.isEnabled(), desired.isEnabled(), current::setEnabled);
            set(changes, prefix + "publicClient", current.isPublicClient(), desired.isPublicClient(),
                    current::setPublicClient);
            set(changes, prefix + "standardFlow", current.isStandardFlowEnabled(), desired.isStandardFlowEnabled(),
                    current::setStandardFlowEnabled);
            set(changes, prefix + "directAccessGrants", current.isDirectAccessGrantsEnabled(),
                    desired.isDirectAccessGrantsEnabled(), current::setDirectAccessGrantsEnabled);
            set(changes, prefix + "implicitFlow", current.isImplicitFlowEnabled(), false,
                    current::setImplicitFlowEnabled);
            set(changes, prefix + "serviceAccounts", current.isServiceAccountsEnabled(),
                    desired.isServiceAccountsEnabled(), current::setServiceAccountsEnabled);
            if (desired.getRedirectUris() != null) {
                set(changes, prefix + "redirectUris", current.getRedirectUris(), desired.getRedirectUris(),
                        current::setRedirectUris);
                set(changes, prefix + "webOrigins", current.getWebOrigins(), desired.getWebOrigins(),
                        current::setWebOrigins);
            }
            if (desired.getAttributes() != null) {
                Map<String, String> attributes = new HashMap<>(current.getAttributes() == null ? Map.of()
                        : current.getAttributes());
                desired.getAttributes().forEach((key, value) -> {
                    if (!value.equals(attributes.get(key))) {
                        attributes.put(key, value);
                        changes.add(prefix + key);
                    }
                });
                current.setAttributes(attributes);
            }
            if (changes.size() > before) {
                realm.clients().get(current.getId()).update(current);
            }
        }
        audienceMapper(realm, found.getFirst(), changes);
    }

    /** Tokens of every client carry the API's audience, which every service checks. */
    private static void audienceMapper(RealmResource realm, ClientRepresentation client, List<String> changes) {
        var mappers = realm.clients().get(client.getId()).getProtocolMappers();
        boolean present = mappers.getMappers().stream().anyMatch(mapper ->
                "oidc-audience-mapper".equals(mapper.getProtocolMapper())
                        && API_AUDIENCE.equals(mapper.getConfig().get("included.custom.audience")));
        if (!present) {
            var mapper = new ProtocolMapperRepresentation();
            mapper.setName("audience " + API_AUDIENCE);
            mapper.setProtocol("openid-connect");
            mapper.setProtocolMapper("oidc-audience-mapper");
            mapper.setConfig(Map.of("included.custom.audience", API_AUDIENCE, "access.token.claim", "true",
                    "id.token.claim", "false"));
            try (Response created = mappers.createMapper(mapper)) {
                check(created, "audience mapper of " + client.getClientId());
            }
            changes.add("client " + client.getClientId() + " audience " + API_AUDIENCE);
        }
    }

    private void identityProviders(RealmResource realm, List<String> changes) {
        Map<String, RealmProperties.SocialLogin> wanted = Map.of("google", properties.google(),
                "github", properties.github());
        wanted.forEach((alias, login) -> {
            if (!login.configured()) {
                return;
            }
            var desired = new IdentityProviderRepresentation();
            desired.setAlias(alias);
            desired.setProviderId(alias);
            desired.setEnabled(true);
            desired.setTrustEmail(true);
            desired.setConfig(Map.of("clientId", login.clientId(), "clientSecret", login.clientSecret(),
                    "syncMode", "IMPORT"));
            boolean exists = realm.identityProviders().findAll().stream().anyMatch(p -> p.getAlias().equals(alias));
            if (!exists) {
                try (Response created = realm.identityProviders().create(desired)) {
                    check(created, "identity provider " + alias);
                }
                changes.add("identity provider " + alias + " created");
            } else {
                IdentityProviderRepresentation current = realm.identityProviders().get(alias).toRepresentation();
                if (!login.clientId().equals(current.getConfig().get("clientId")) || !current.isEnabled()) {
                    realm.identityProviders().get(alias).update(desired);
                    changes.add("identity provider " + alias);
                }
            }
        });
    }

    private void users(RealmResource realm, List<String> changes) {
        for (RealmProperties.SeedUser seed : properties.seedUsers()) {
            List<UserRepresentation> found = realm.users().searchByUsername(seed.username(), true);
            if (found.isEmpty()) {
                var user = new UserRepresentation();
                user.setUsername(seed.username());
                user.setEnabled(true);
                user.setEmail(seed.username() + "@example.com");
                user.setEmailVerified(true);
                user.setFirstName(Character.toUpperCase(seed.username().charAt(0)) + seed.username().substring(1));
                user.setLastName("Local");
                var password = new CredentialRepresentation();
                password.setType(CredentialRepresentation.PASSWORD);
                password.setValue(seed.username());
                password.setTemporary(false);
                user.setCredentials(List.of(password));
                try (Response created = realm.users().create(user)) {
                    check(created, "user " + seed.username());
                }
                changes.add("user " + seed.username() + " created");
                found = realm.users().searchByUsername(seed.username(), true);
            }
            var roles = realm.users().get(found.getFirst().getId()).roles().realmLevel();
            Set<String> has = new java.util.HashSet<>();
            roles.listEffective().forEach(role -> has.add(role.getName()));
            List<RoleRepresentation> missing = seed.roles().stream().filter(role -> !has.contains(role))
                    .map(role -> realm.roles().get(role).toRepresentation()).toList();
            if (!missing.isEmpty()) {
                roles.add(missing);
                changes.add("user " + seed.username() + " roles " + missing.stream().map(RoleRepresentation::getName)
                        .toList());
            }
        }
    }

    private static <T> void set(List<String> changes, String name, T current, T desired, Consumer<T> setter) {
        if (!Objects.equals(current, desired)) {
            setter.accept(desired);
            changes.add(name);
        }
    }

    private static int seconds(Duration duration) {
        return Math.toIntExact(duration.toSeconds());
    }

    private static void check(Response response, Supplier<String> what) {
        if (response.getStatus() >= 300) {
            throw new RealmReconcileException("Keycloak refused to create " + what.get() + ": HTTP "
                    + response.getStatus());
        }
    }

    private static void check(Response response, String what) {
        check(response, () -> what);
    }

    /** Keycloak refused a change (or could not be reached): the realm is only partly reconciled. */
    public static final class RealmReconcileException extends RuntimeException {

        RealmReconcileException(String message) {
            super(message);
        }

        RealmReconcileException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
