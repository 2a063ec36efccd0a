package com.t3chat.devstack.service;

import com.t3chat.devstack.clamd.ClamdSettings;
import com.t3chat.devstack.infra.JvmProfile;
import com.t3chat.devstack.layout.StackLayout;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceLauncherTest {

    private final StackLayout layout = StackLayout.of(Path.of("/repo"), Path.of("/repo/.data"));
    private final ServiceLauncher launcher = new ServiceLauncher(layout, Map.of("EXTRA", "1"));

    @Test
    void serviceWithADatabaseGetsItsCredentialsAndTheLocalInfrastructure() {
        Map<String, String> env = launcher.environmentFor(ServiceCatalog.find("chat-service").orElseThrow());

        assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "local")
                .containsEntry("CONFIG_SERVER_URL", "http://localhost:8888")
                .containsEntry("DB_HOST", "localhost").containsEntry("DB_PORT", "15432")
                .containsEntry("DB_USER", "chat").containsEntry("DB_PASSWORD", "chat")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
                .containsEntry("KEYCLOAK_ISSUER_URI", "http://localhost:8180/realms/t3chat")
                .containsEntry("KEYCLOAK_JWK_SET_URI", "http://localhost:8180/realms/t3chat/protocol/openid-connect/certs")
                .containsEntry("S3_ENDPOINT", "http://localhost:9000")
                .containsEntry("S3_ACCESS_KEY", "t3chat").containsEntry("S3_SECRET_KEY", "t3chat-local-secret")
                .containsEntry("CONFIG_REPO", "/repo/config-repo")
                .containsEntry("SERVER_PORT", "8082")
                .containsEntry("EXTRA", "1");
    }

    @Test
    void theAttachmentPipelineGetsTheObjectStoreTesseractsThreadLimitAndClamd() {
        ServiceDefinition attachment = ServiceCatalog.find("attachment-service").orElseThrow();
        ServiceDefinition embedding = ServiceCatalog.find("embedding-worker").orElseThrow();
        ServiceDefinition chat = ServiceCatalog.find("chat-service").orElseThrow();
        for (ServiceDefinition service : List.of(attachment, embedding)) {
            assertThat(launcher.environmentFor(service)).as(service.name())
                    .containsEntry("S3_ENDPOINT", "http://localhost:9000")
                    .containsEntry("S3_ACCESS_KEY", "t3chat").containsEntry("S3_SECRET_KEY", "t3chat-local-secret");
        }
        assertThat(launcher.environmentFor(embedding)).containsEntry("OMP_THREAD_LIMIT", "1")
                .doesNotContainKeys("CLAMD_HOST", "CLAMD_PORT");

        launcher.useClamd(ClamdSettings.forStack(layout, ServiceCatalog.CLAMD));

        assertThat(launcher.environmentFor(embedding)).containsEntry("CLAMD_HOST", "127.0.0.1")
                .containsEntry("CLAMD_PORT", "3310").containsEntry("OMP_THREAD_LIMIT", "1");
        assertThat(launcher.environmentFor(chat)).doesNotContainKeys("CLAMD_HOST", "CLAMD_PORT", "OMP_THREAD_LIMIT");
        assertThat(ServiceCatalog.find("embedding-worker").orElseThrow().dependsOn()).contains(ServiceCatalog.CLAMD);
    }

    @Test
    void gatewayHasNoDatabase() {
        assertThat(launcher.environmentFor(ServiceCatalog.find("gateway-service").orElseThrow()))
                .doesNotContainKeys("DB_USER", "DB_PASSWORD");
    }

    @Test
    void configServerServesTheRepositoryFolder() {
        ServiceDefinition config = ServiceCatalog.find("config-server").orElseThrow();
        assertThat(launcher.environmentFor(config)).containsEntry("SPRING_PROFILES_ACTIVE", "native,local");
        assertThat(launcher.commandFor(config))
                .contains("--spring.cloud.config.server.native.search-locations=file:/repo/config-repo/");
        assertThat(config.healthUrl()).isEqualTo("http://localhost:8888/actuator/health");
    }

    @Test
    void commandRunsTheJarWithTheSmallFootprintOptions() {
        List<String> command = launcher.commandFor(ServiceCatalog.find("llm-service").orElseThrow());
        assertThat(command.getFirst()).endsWith("/bin/java");
        assertThat(command).containsSubsequence("-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "--enable-native-access=ALL-UNNAMED");
        assertThat(command).endsWith("-jar", "/repo/llm-service/target/llm-service.jar");
    }

    @Test
    void everyServiceButTheGatewayListensOnLoopbackOnly() {
        for (ServiceDefinition service : ServiceCatalog.services()) {
            Map<String, String> env = launcher.environmentFor(service);
            if (service.name().equals("gateway-service")) {
                assertThat(env).as(service.name()).doesNotContainKey("SERVER_ADDRESS");
            } else {
                assertThat(env).as(service.name()).containsEntry("SERVER_ADDRESS", "127.0.0.1");
            }
        }
    }

    @Test
    void everyServiceCarriesTheMarkerOfItsDataFolder() {
        for (ServiceDefinition service : ServiceCatalog.services()) {
            assertThat(launcher.commandFor(service)).as(service.name()).contains("-Dt3chat.stack=/repo/.data");
        }
    }

    @Test
    void catalogOrderAndHealthEndpoints() {
        assertThat(ServiceCatalog.services()).extracting(ServiceDefinition::name).containsExactly("config-server",
                "auth-service", "chat-service", "llm-service", "attachment-service", "embedding-worker",
                "gateway-service");
        assertThat(ServiceCatalog.find("embedding-worker").orElseThrow().healthUrl())
                .isEqualTo("http://localhost:8085/actuator/health/readiness");
        assertThat(ServiceCatalog.find("auth-service").orElseThrow().dependsOn()).contains("keycloak");
    }

    @Test
    void theProductionProfileRunsG1WithUncommitAndFewMallocArenas() {
        ServiceLauncher production = new ServiceLauncher(layout, Map.of(), JvmProfile.PRODUCTION, List.of());
        ServiceDefinition chat = ServiceCatalog.find("chat-service").orElseThrow();

        assertThat(production.commandFor(chat)).containsSubsequence("-XX:+UseG1GC", "-Xms128m", "-Xmx512m",
                        "-XX:G1PeriodicGCInterval=15000", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                        "-Xss512k", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED")
                .doesNotContain("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "MALLOC_ARENA_MAX=2")
                .endsWith("-jar", "/repo/chat-service/target/chat-service.jar");
        assertThat(production.environmentFor(chat)).containsEntry("MALLOC_ARENA_MAX", "2");
        assertThat(launcher.environmentFor(chat)).doesNotContainKey("MALLOC_ARENA_MAX");
        assertThat(JvmProfile.parse("production")).isEqualTo(JvmProfile.PRODUCTION);
        assertThat(JvmProfile.parse("fast-start")).isEqualTo(JvmProfile.FAST_START);
    }

    @Test
    void extraSpringProfilesFollowEveryServicesOwnButNotConfigServers() {
        ServiceLauncher bench = new ServiceLauncher(layout, Map.of(), JvmProfile.FAST_START, List.of("bench"));
        bench.addEnvironment("llm-service", Map.of("SPRING_PROFILES_ACTIVE", "local,simulator"));

        assertThat(bench.environmentFor(ServiceCatalog.find("chat-service").orElseThrow()))
                .containsEntry("SPRING_PROFILES_ACTIVE", "local,bench");
        assertThat(bench.environmentFor(ServiceCatalog.find("llm-service").orElseThrow()))
                .containsEntry("SPRING_PROFILES_ACTIVE", "local,simulator,bench");
        assertThat(bench.environmentFor(ServiceCatalog.find("config-server").orElseThrow()))
                .containsEntry("SPRING_PROFILES_ACTIVE", "native,local");
    }
}
