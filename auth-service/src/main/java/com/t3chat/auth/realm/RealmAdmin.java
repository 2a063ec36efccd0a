package com.t3chat.auth.realm;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One Keycloak admin client for auth-service (it renews its own token), signed in to the master realm as the
 * configured admin. Blocking: use it off event-loop threads.
 */
@Component
public class RealmAdmin implements DisposableBean {

    private final RealmProperties properties;
    private volatile Keycloak keycloak;

    RealmAdmin(RealmProperties properties) {
        this.properties = properties;
    }

    Keycloak keycloak() {
        Keycloak current = keycloak;
        if (current == null) {
            synchronized (this) {
                if (keycloak == null) {
                    keycloak = KeycloakBuilder.builder()
                            .serverUrl(properties.serverUrl())
                            .realm("master")
                            .clientId("admin-cli")
                            .username(properties.adminUsername())
                            .password(properties.adminPassword())
                            .build();
                }
                current = keycloak;
            }
        }
        return current;
    }

    /** The managed realm. */
    public RealmResource realm() {
        return keycloak().realm(properties.realm());
    }

    @Override
    public void destroy() {
        if (keycloak != null) {
            keycloak.close();
        }
    }
}
