package com.t3chat.devstack.postgres;

import java.nio.file.Path;

/**
 * One PostgreSQL server.
 *
 * @param dataDir     its data folder (initdb only when it is empty)
 * @param port        0 for a free port (kept across {@link PostgresServer#stop()} / {@link PostgresServer#startAgain()})
 * @param binariesDir where the binaries are unpacked (a cache)
 * @param logFile     the server's output
 * @param persistent  false: the data folder is deleted on {@link PostgresServer#close()}
 * @param durable     true: {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on, so that a
 *                    crash or power cut loses nothing committed (what {@code ./dev up} uses); false: all three
 *                    off, fast and unsafe — for test data that is thrown away anyway
 */
public record PostgresSettings(Path dataDir, int port, Path binariesDir, Path logFile, boolean persistent,
                               boolean durable) {
}
