package com.t3chat.devstack.layout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StackLayoutTest {

    @TempDir
    Path dir;

    @Test
    void dataFolderHoldsEveryPartAndTheDistributionCacheStaysInTheRepository() {
        StackLayout layout = StackLayout.of(dir.resolve("repo"), dir.resolve("elsewhere"));

        assertThat(layout.postgresDir()).isEqualTo(dir.resolve("elsewhere/postgres"));
        assertThat(layout.logFile("kafka")).isEqualTo(dir.resolve("elsewhere/logs/kafka.log"));
        assertThat(layout.pidFile("chat-service")).isEqualTo(dir.resolve("elsewhere/run/chat-service.pid"));
        assertThat(layout.distCache()).isEqualTo(dir.resolve("repo/.data/dist"));
        assertThat(layout.serviceJar("chat-service")).isEqualTo(dir.resolve("repo/chat-service/target/chat-service.jar"));
    }

    @Test
    void repositoryRootHasTheWrapperAndTheConfigRepository() throws Exception {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo.resolve("config-repo"));
        assertThat(StackLayout.isRepositoryRoot(repo)).isFalse();
        Files.writeString(repo.resolve("mvnw"), "#!/bin/sh\n");
        assertThat(StackLayout.isRepositoryRoot(repo)).isTrue();
    }

    @Test
    void rootIsFoundAboveTheWorkingDirectory() {
        // Maven runs the tests in devstack/, one level below the repository root
        Path root = StackLayout.locateRoot();
        assertThat(StackLayout.isRepositoryRoot(root)).isTrue();
        assertThat(root.resolve("devstack")).isDirectory();
    }
}
