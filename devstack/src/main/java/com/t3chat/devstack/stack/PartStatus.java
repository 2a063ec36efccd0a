package com.t3chat.devstack.stack;

/**
 * One row of {@code status}.
 *
 * @param part    the part's name
 * @param pid     its process id (0: not running)
 * @param port    its main port (0: none)
 * @param health  UP, DOWN, or NOT_RUNNING
 * @param rssKib  resident memory of the process and its children, in KiB
 * @param restarts how often the supervisor started it again after it crashed
 */
public record PartStatus(String part, long pid, int port, Health health, long rssKib, int restarts) {

    public PartStatus(String part, long pid, int port, Health health, long rssKib) {
        this(part, pid, port, health, rssKib, 0);
    }

    public long rssMb() {
        return Math.round(rssKib / 1024.0);
    }
}
