package com.t3chat.devstack.stack;

import static org.assertj.core.api.Assertions.assertThat;

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
}
