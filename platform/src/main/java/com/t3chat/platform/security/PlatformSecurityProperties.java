package com.t3chat.platform.security;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publicPaths    which requests need no token. Each entry is an Ant-style path pattern, optionally preceded
 *                       by an HTTP method: {@code "GET /api/shares/*"} or {@code "/api/public/**"}. Health and info
 *                       endpoints are always public.
 * @param trustedProxies the proxies (CIDRs, IPv4 or IPv6) whose {@code X-Forwarded-For} is believed when they are
 *                       the connection's peer; default loopback only (where the gateway sits locally). See
 *                       {@link ClientAddressResolver}.
 * @param jwkSetFile     where a service without a database keeps the last good JWK set (empty: memory only);
 *                       a service with a database keeps it in its {@code platform_jwk_set} table
 */
@ConfigurationProperties("t3chat.security")
public record PlatformSecurityProperties(List<String> publicPaths,
        @DefaultValue({"127.0.0.0/8", "::1/128"}) List<String> trustedProxies,
        Path jwkSetFile) {

    public PlatformSecurityProperties {
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }
}
