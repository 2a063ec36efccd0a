package com.t3chat.devstack.service;

import com.t3chat.devstack.layout.LocalPorts;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The services of the system, in the order they start. */
public final class ServiceCatalog {

    public static final String CONFIG_SERVER = "config-server";
    public static final String GATEWAY = "gateway-service";
    public static final String AUTH = "auth-service";
    public static final String CHAT = "chat-service";
    public static final String LLM = "llm-service";
    public static final String ATTACHMENT = "attachment-service";
    public static final String EMBEDDING = "embedding-worker";

    public static final String POSTGRES = "postgres";
    public static final String KAFKA = "kafka";
    public static final String S3 = "s3";
    public static final String KEYCLOAK = "keycloak";
    /** ClamAV's daemon: started only when installed; embedding-worker's scan stage is skipped without it. */
    public static final String CLAMD = "clamd";

    private static final String READINESS = "/actuator/health/readiness";

    private static final List<ServiceDefinition> SERVICES = List.of(
            new ServiceDefinition(CONFIG_SERVER, LocalPorts.CONFIG_SERVER, "/actuator/health", null, Set.of()),
            new ServiceDefinition(AUTH, LocalPorts.AUTH, READINESS, "auth", Set.of(CONFIG_SERVER, POSTGRES, KAFKA,
                    KEYCLOAK)),
            new ServiceDefinition(CHAT, LocalPorts.CHAT, READINESS, "chat", Set.of(CONFIG_SERVER, POSTGRES, KAFKA)),
            new ServiceDefinition(LLM, LocalPorts.LLM, READINESS, "llm", Set.of(CONFIG_SERVER, POSTGRES, KAFKA)),
            new ServiceDefinition(ATTACHMENT, LocalPorts.ATTACHMENT, READINESS, "attachment",
                    Set.of(CONFIG_SERVER, POSTGRES, KAFKA, S3)),
            new ServiceDefinition(EMBEDDING, LocalPorts.EMBEDDING, READINESS, "embedding",
                    Set.of(CONFIG_SERVER, POSTGRES, KAFKA, S3, CLAMD)),
            // last, as the entry point; not after auth-service, which waits for Keycloak (the gateway does not)
            new ServiceDefinition(GATEWAY, LocalPorts.GATEWAY, READINESS, null,
                    Set.of(CONFIG_SERVER, CHAT, LLM, ATTACHMENT, EMBEDDING)));

    /** The databases of the local stack: one per service that has one, plus Keycloak's. */
    public static final List<String> DATABASES = List.of("auth", "chat", "llm", "attachment", "embedding", "keycloak");

    private ServiceCatalog() {
    }

    public static List<ServiceDefinition> services() {
        return SERVICES;
    }

    public static Optional<ServiceDefinition> find(String name) {
        return SERVICES.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Every part of the local stack (infrastructure first), for status and clean-up. */
    public static List<String> allParts() {
        List<String> parts = new java.util.ArrayList<>(List.of(POSTGRES, KAFKA, S3, KEYCLOAK, CLAMD));
        SERVICES.forEach(s -> parts.add(s.name()));
        return parts;
    }
}
