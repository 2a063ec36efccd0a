package com.t3chat.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NativeMemoryTest {

    /** The head of a real {@code jcmd <pid> VM.native_memory summary scale=KB} of JDK 25. */
    private static final String SUMMARY = """
            15353:

            Native Memory Tracking:

            (Omitting categories weighting less than 1KB)

            Total: reserved=7735214KB, committed=477070KB
                   malloc: 11322KB #47003, peak=18503KB #46182
                   mmap:   reserved=7723892KB, committed=465748KB

            -                 Java Heap (reserved=6172672KB, committed=393216KB)
                                        (mmap: reserved=6172672KB, committed=393216KB, at peak)

            -                     Class (reserved=1048775KB, committed=1415KB)
                                        (classes #2815)
                                        (  Metadata:   )
                                        (    reserved=65536KB, committed=8256KB)

            -                    Thread (reserved=19518KB, committed=970KB)
                                        (threads #19)
                                        (stack: reserved=19456KB, committed=908KB, peak=908KB)
            """;

    @Test
    void readsTheCommittedSizeOfEveryCategoryAndTheTotal() {
        assertThat(NativeMemory.committedKb(SUMMARY)).containsExactly(Map.entry("Total", 477070L),
                Map.entry("Java Heap", 393216L), Map.entry("Class", 1415L), Map.entry("Thread", 970L));
    }

    @Test
    void listsTheCategoriesThatGrewMostPerService() {
        Map<String, Map<String, Long>> idle = Map.of("chat-service",
                Map.of("Total", 1000L, "Java Heap", 500L, "Thread", 100L, "Class", 50L));
        Map<String, Map<String, Long>> after = Map.of("chat-service",
                Map.of("Total", 1900L, "Java Heap", 600L, "Thread", 900L, "Class", 40L));

        List<String> lines = NativeMemory.summary(idle, after, 2, "after");

        assertThat(lines).contains("| chat-service | 1000 → 1900 | Thread 100 → 900 (+800); Java Heap 500 → 600 (+100) |");
    }
}
