package com.t3chat.chat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Each feature package is a module: features use each other only through what they make public, and never in a
 * cycle. Fails when a feature reaches into another's internals again.
 */
class ModuleStructureTest {

    @Test
    void featuresUseEachOtherOnlyThroughTheirPublicTypesAndWithoutCycles() {
        ApplicationModules.of(ChatServiceApplication.class).verify();
    }
}
