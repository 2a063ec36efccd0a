package com.t3chat.config.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The one client identity of the config server ({@code t3chat.config-server}): every service presents it with HTTP
 * Basic ({@code spring.cloud.config.username/password}).
 *
 * @param username the client's user name, {@code config}
 * @param password from {@code T3CHAT_CONFIG_PASSWORD}; required — the server does not start without one (locally
 *                 {@code ./dev} makes one per data folder)
 */
@ConfigurationProperties("t3chat.config-server")
public record ConfigServerSecurityProperties(@DefaultValue("config") String username, String password) {

    public ConfigServerSecurityProperties {
        // checked by hand: this server has no Bean Validation provider
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("t3chat.config-server.username must not be blank");
        }
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("t3chat.config-server.password must be set (T3CHAT_CONFIG_PASSWORD): "
                    + "the config server answers only clients that present it");
        }
    }

    @Override
    public String toString() {
        return "ConfigServerSecurityProperties[username=" + username + ", password=(hidden)]";
    }
}
