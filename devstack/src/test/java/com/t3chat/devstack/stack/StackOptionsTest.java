package com.t3chat.devstack.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.devstack.infra.JvmProfile;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StackOptionsTest {

    @Test
    void devUpKeepsPeoplesDataDurablyAndOnlyAnExplicitChoiceMakesItFast() {
        StackOptions up = StackOptions.defaults();
        assertThat(up.durablePostgres()).isTrue();

        StackOptions throwAway = up.withDurablePostgres(false).withDataDir(Path.of("target", "x"))
                .withServices().withEnvironment("A", "b").withServiceTimeout(Duration.ofSeconds(5)).withPidFile(false)
                .withSkipMissingJars(true);
        assertThat(throwAway.durablePostgres()).isFalse();
    }

    @Test
    void theJvmProfileSimulatorAndExtraProfilesSurviveEveryOtherChange() {
        StackOptions bench = StackOptions.defaults().withJvmProfile(JvmProfile.PRODUCTION)
                .withSimulatorUrl("http://127.0.0.1:18090").withExtraProfiles("bench");

        StackOptions changed = bench.withDataDir(Path.of("target", "y")).withServices("chat-service")
                .withEnvironment("A", "b").withDurablePostgres(false).withPidFile(false)
                .withRestartBackoff(RestartBackoff.DEFAULT).withServiceTimeout(Duration.ofSeconds(9))
                .withSkipMissingJars(true).withConfigRepo(Path.of("target", "repo"));

        assertThat(changed.jvmProfile()).isEqualTo(JvmProfile.PRODUCTION);
        assertThat(changed.simulatorUrl()).isEqualTo("http://127.0.0.1:18090");
        assertThat(changed.extraProfiles()).containsExactly("bench");
    }

    @Test
    void devUpStartsFastUnlessTheEnvironmentAsksForProduction() {
        // the test JVM runs without T3CHAT_JVM
        if (System.getenv(JvmProfile.ENV) == null) {
            assertThat(StackOptions.defaults().jvmProfile()).isEqualTo(JvmProfile.FAST_START);
        }
        assertThat(StackOptions.defaults().simulatorUrl()).isNull();
        assertThat(StackOptions.defaults().extraProfiles()).isEmpty();
    }
}
