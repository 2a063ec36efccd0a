package com.t3chat.devstack.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The log4j2 configuration of the Kafka and S3Proxy JVMs: warnings and the lines readiness checks look for. */
public final class InfraLogging {

    private static final String CONFIG = """
            status = warn
            appender.console.type = Console
            appender.console.name = STDOUT
            appender.console.layout.type = PatternLayout
            appender.console.layout.pattern = [%d] %p %m (%c)%n
            rootLogger.level = warn
            rootLogger.appenderRef.stdout.ref = STDOUT
            logger.kafkaServer.name = kafka.server.KafkaRaftServer
            logger.kafkaServer.level = info
            logger.s3proxy.name = org.gaul.s3proxy
            logger.s3proxy.level = info
            """;

    private InfraLogging() {
    }

    /** Writes the configuration into {@code confDir} and returns the JVM option that selects it. */
    public static String writeConfig(Path confDir) {
        Path file = confDir.resolve("infra-log4j2.properties");
        try {
            Files.createDirectories(confDir);
            Files.writeString(file, CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "-Dlog4j2.configurationFile=" + file;
    }
}
