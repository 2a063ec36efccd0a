package com.t3chat.devstack.service;

import java.util.Optional;
import java.util.Set;

/**
 * One Spring Boot service of the system as the local stack runs it.
 *
 * @param name       the Maven module (its jar is {@code <module>/target/<module>.jar}); also the part's name
 * @param port       its HTTP port
 * @param healthPath the path that answers 200 when it is ready
 * @param database   its database (user and password are the same name), or null
 * @param dependsOn  parts that must be ready before it starts
 */
public record ServiceDefinition(String name, int port, String healthPath, String database, Set<String> dependsOn) {

    public ServiceDefinition {
        dependsOn = Set.copyOf(dependsOn);
    }

    public Optional<String> databaseName() {
        return Optional.ofNullable(database);
    }

    /** The same service on another port (a second replica). */
    public ServiceDefinition onPort(int otherPort) {
        return new ServiceDefinition(name, otherPort, healthPath, database, dependsOn);
    }

    public String healthUrl() {
        return "http://localhost:" + port + healthPath;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }
}
