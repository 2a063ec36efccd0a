package com.t3chat.devstack.stack;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StackStatusTest {

    @Test
    void formatsOneRowPerPartAndTheTotal() {
        String table = StackStatus.format(List.of(
                new PartStatus("postgres", 42, 15432, Health.UP, 60 * 1024),
                new PartStatus("kafka", 43, 9092, Health.DOWN, 300 * 1024),
                new PartStatus("chat-service", 0, 8082, Health.NOT_RUNNING, 0)));

        assertThat(table.lines()).hasSize(5);
        assertThat(table.lines().toList().get(1)).contains("postgres", "42", "15432", "UP", "60");
        assertThat(table.lines().toList().get(3)).contains("chat-service", "—").doesNotContain("0 ");
        assertThat(table.lines().toList().get(4)).startsWith("TOTAL").endsWith("360");
    }

    @Test
    void anOptionalPartThatIsNotInstalledSaysSo() {
        String table = StackStatus.format(List.of(new PartStatus("clamd", 0, 3310, Health.NOT_INSTALLED, 0)));

        assertThat(table.lines().toList().get(1)).matches("clamd\\s+-\\s+3310\\s+missing\\s+-\\s+-");
    }

    @Test
    void showsHowOftenThePartWasRestarted() {
        String table = StackStatus.format(List.of(
                new PartStatus("chat-service", 42, 8082, Health.UP, 200 * 1024, 3),
                new PartStatus("llm-service", 43, 8083, Health.UP, 200 * 1024)));

        assertThat(table.lines().toList().get(0)).contains("RESTARTS");
        assertThat(table.lines().toList().get(1)).matches("chat-service\\s+42\\s+8082\\s+UP\\s+3\\s+200");
        assertThat(table.lines().toList().get(2)).matches("llm-service\\s+43\\s+8083\\s+UP\\s+-\\s+200");
    }
}
