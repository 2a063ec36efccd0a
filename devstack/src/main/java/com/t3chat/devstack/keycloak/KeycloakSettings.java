package com.t3chat.devstack.keycloak;

import java.nio.file.Path;

/**
 * One Keycloak in dev mode, its state in PostgreSQL.
 *
 * @param distCache      where the distribution is unpacked
 * @param workDir        its working directory (temporary files)
 * @param httpPort       the HTTP port (realms, admin console)
 * @param managementPort the management port (health)
 * @param jdbcUrl        its database
 * @param dbUser         database user
 * @param dbPassword     database password
 * @param logFile        its output
 * @param pidFile        where its pid is recorded
 */
public record KeycloakSettings(Path distCache, Path workDir, int httpPort, int managementPort, String jdbcUrl,
                               String dbUser, String dbPassword, Path logFile, Path pidFile) {

    public static final String REALM = "t3chat";
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    public String issuerUri() {
        return baseUrl() + "/realms/" + REALM;
    }

    public String jwkSetUri() {
        return issuerUri() + "/protocol/openid-connect/certs";
    }

    public String readinessUrl() {
        return "http://localhost:" + managementPort + "/health/ready";
    }
}
