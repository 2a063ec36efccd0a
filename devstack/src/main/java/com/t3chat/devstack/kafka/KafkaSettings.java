package com.t3chat.devstack.kafka;

import java.nio.file.Path;

/**
 * One KRaft broker+controller.
 *
 * @param dataDir          its log.dirs (formatted once, kept between starts)
 * @param confDir          where its generated configuration goes
 * @param port             the client listener
 * @param controllerPort   the controller listener
 * @param logFile          its output
 * @param pidFile          where its pid is recorded (null: not recorded)
 * @param maxHeapMb        -Xmx
 * @param watchParentPid   positive: exit when that process is gone (test JVMs)
 */
public record KafkaSettings(Path dataDir, Path confDir, int port, int controllerPort, Path logFile, Path pidFile,
                            int maxHeapMb, long watchParentPid) {

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** The folder this process belongs to (its conf folder's parent: the stack's data folder), named by its marker. */
    public Path stackDir() {
        return confDir.toAbsolutePath().normalize().getParent();
    }

    public Path serverProperties() {
        return confDir.resolve("kafka-server.properties");
    }
}
