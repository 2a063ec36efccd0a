package com.t3chat.devstack.stack;

import com.t3chat.devstack.layout.StackLayout;
import com.t3chat.devstack.stack.StrayProcesses.Kind;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StrayProcessesTest {

    private final StackLayout layout = StackLayout.of(Path.of("/repo"), Path.of("/repo/.data"));

    @Test
    void aServiceOrReplicaOfThisDataFolderCarriesItsMarker() {
        List<String> replica = List.of("/jdk/bin/java", "-Xmx320m", "-Dt3chat.stack=/repo/.data", "-jar",
                "/repo/chat-service/target/chat-service.jar");
        assertThat(StrayProcesses.classify(replica, layout, false)).hasValue(Kind.SERVICE);
    }

    @Test
    void kafkaS3AndKeycloakCarryTheMarkerWithoutAJar() {
        List<String> kafka = List.of("/jdk/bin/java", "-Xmx384m", "-Dt3chat.stack=/repo/.data", "-cp", "a.jar:b.jar",
                "kafka.Kafka", "/repo/.data/conf/kafka-server.properties");
        assertThat(StrayProcesses.classify(kafka, layout, false)).hasValue(Kind.INFRASTRUCTURE);
    }

    @Test
    void anotherDataFolderIsNotOursEvenIfItsNameStartsTheSame() {
        List<String> other = List.of("/jdk/bin/java", "-Dt3chat.stack=/repo/.data2", "-jar",
                "/repo/chat-service/target/chat-service.jar");
        assertThat(StrayProcesses.classify(other, layout, false)).isEmpty();
        // marked for another stack: not "started by hand" either
        assertThat(StrayProcesses.classify(other, layout, true)).isEmpty();
        List<String> systemTests = List.of("/jdk/bin/java", "-Dt3chat.stack=/repo/system-tests/target/stack-data",
                "kafka.Kafka");
        assertThat(StrayProcesses.classify(systemTests, layout, true)).isEmpty();
    }

    @Test
    void aServiceJarOfThisRepositoryStartedByHandCountsOnlyForDown() {
        List<String> byHand = List.of("java", "-jar", "/repo/llm-service/target/../target/llm-service.jar");
        assertThat(StrayProcesses.classify(byHand, layout, true)).hasValue(Kind.SERVICE);
        assertThat(StrayProcesses.classify(byHand, layout, false)).isEmpty();
        List<String> otherRepository = List.of("java", "-jar", "/elsewhere/llm-service/target/llm-service.jar");
        assertThat(StrayProcesses.classify(otherRepository, layout, true)).isEmpty();
    }

    @Test
    void ourClamdIsNamedByItsConfigurationInThisDataFolder() {
        List<String> clamd = List.of("/usr/sbin/clamd", "--config-file=/repo/.data/conf/clamd.conf");
        assertThat(StrayProcesses.classify(clamd, layout, false)).hasValue(Kind.INFRASTRUCTURE);
        List<String> otherStack = List.of("/usr/sbin/clamd", "--config-file=/repo/.data2/conf/clamd.conf");
        assertThat(StrayProcesses.classify(otherStack, layout, true)).isEmpty();
        // Debian's own service (its default configuration) is never ours
        List<String> system = List.of("/usr/sbin/clamd", "--foreground=true");
        assertThat(StrayProcesses.classify(system, layout, true)).isEmpty();
    }

    @Test
    void thePostmasterOfThisDataFolder() {
        List<String> postmaster = List.of("/repo/.data/dist/postgres/bin/postgres", "-D", "/repo/.data/postgres",
                "-p", "15432", "-c", "max_connections=200");
        assertThat(StrayProcesses.classify(postmaster, layout, false)).hasValue(Kind.POSTGRES);
        List<String> otherCluster = List.of("/usr/lib/postgresql/18/bin/postgres", "-D", "/var/lib/postgresql/18");
        assertThat(StrayProcesses.classify(otherCluster, layout, true)).isEmpty();
        List<String> notPostgres = List.of("/usr/bin/tail", "-D", "/repo/.data/postgres");
        assertThat(StrayProcesses.classify(notPostgres, layout, true)).isEmpty();
    }

    @Test
    void aSupervisorOfThisDataFolderButNotItsOtherCommands() {
        List<String> up = List.of("/jdk/bin/java", "-Xmx160m", "-Dt3chat.root=/repo", "-Dt3chat.data=/repo/.data",
                "-cp", "x", StrayProcesses.SUPERVISOR_MAIN, "up");
        assertThat(StrayProcesses.classify(up, layout, false)).hasValue(Kind.SUPERVISOR);
        List<String> status = List.of("/jdk/bin/java", "-Dt3chat.data=/repo/.data", StrayProcesses.SUPERVISOR_MAIN,
                "status");
        assertThat(StrayProcesses.classify(status, layout, true)).isEmpty();
        List<String> otherData = List.of("/jdk/bin/java", "-Dt3chat.data=/tmp/other", StrayProcesses.SUPERVISOR_MAIN,
                "up");
        assertThat(StrayProcesses.classify(otherData, layout, true)).isEmpty();
    }

    @Test
    void unrelatedProcessesAreLeftAlone() {
        assertThat(StrayProcesses.classify(List.of("/usr/bin/tail", "-F", "/repo/.data/logs/chat-service.log"), layout,
                true)).isEmpty();
        assertThat(StrayProcesses.classify(List.of(), layout, true)).isEmpty();
    }
}
