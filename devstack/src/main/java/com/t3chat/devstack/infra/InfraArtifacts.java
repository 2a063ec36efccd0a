package com.t3chat.devstack.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The artifacts Maven resolved for devstack's child processes, recorded at build time (see devstack/pom.xml):
 * the classpath of the Kafka and S3Proxy JVMs and the Keycloak distribution zip.
 */
public final class InfraArtifacts {

    private static final String INFRA_CLASSPATH = "devstack/infra.classpath";
    private static final String KEYCLOAK_ZIP = "devstack/keycloak-dist.path";

    private InfraArtifacts() {
    }

    /** Classpath for {@code kafka.Kafka}, {@code kafka.tools.StorageTool} and {@code org.gaul.s3proxy.Main}. */
    public static String infraClasspath() {
        String classpath = resource(INFRA_CLASSPATH);
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (!Files.isRegularFile(Path.of(entry))) {
                throw new IllegalStateException("the infra classpath names " + entry + ", which is missing: rebuild devstack "
                        + "(./mvnw -pl devstack install -DskipTests) so Maven downloads it again");
            }
        }
        return classpath;
    }

    public static Path keycloakZip() {
        Path zip = Path.of(resource(KEYCLOAK_ZIP));
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("the Keycloak distribution " + zip + " is missing: rebuild devstack");
        }
        return zip;
    }

    /** The jar or classes folder devstack's classes are loaded from. */
    public static String devstackLocation() {
        try {
            return Path.of(InfraArtifacts.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = InfraArtifacts.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath: build devstack with Maven first "
                        + "(./mvnw -pl devstack install -DskipTests)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
