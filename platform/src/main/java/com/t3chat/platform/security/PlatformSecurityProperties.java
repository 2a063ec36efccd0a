package com.t3chat.platform.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which requests need no token. Each entry is an Ant-style path pattern, optionally preceded by an HTTP
 * method: {@code "GET /api/shares/*"} or {@code "/api/public/**"}. Health and info endpoints are always public.
 */
@ConfigurationProperties("t3chat.security")
public record PlatformSecurityProperties(List<String> publicPaths) {

    public PlatformSecurityProperties {
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
    }
}
