package com.t3chat.devstack.stack;

import com.t3chat.devstack.layout.StackLayout;
import com.t3chat.devstack.postgres.PostgresServer;
import com.t3chat.devstack.process.PidFile;
import com.t3chat.devstack.process.ProcessTerminator;
import com.t3chat.devstack.service.ServiceCatalog;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Processes of a previous run that are still there (a supervisor killed with SIGKILL leaves its children and the
 * postmaster running): found through the pid files and postmaster.pid, checked to be ours, and stopped; then what
 * no pid file names, found by its command line ({@link StrayProcesses}).
 */
public final class Leftovers {

    private Leftovers() {
    }

    /** The supervisor recorded in {@code run/devstack.pid}, if it still runs. */
    public static Optional<ProcessHandle> supervisor(StackLayout layout) {
        return PidFile.read(layout.pidFile(StackStatus.SUPERVISOR)).flatMap(PidFile::liveProcess);
    }

    /**
     * Stops every leftover process of this data folder (services, then infrastructure, PostgreSQL last) and
     * returns how many there were.
     */
    public static int clean(StackLayout layout, Consumer<String> log) {
        return clean(layout, false, log);
    }

    /**
     * Like {@link #clean(StackLayout, Consumer)}; with {@code handStarted} also the service jars of this repository
     * that run without any stack's marker ({@code ./dev down} only: {@code up} leaves a hand-started service alone).
     */
    public static int clean(StackLayout layout, boolean handStarted, Consumer<String> log) {
        List<String> services = new ArrayList<>(ServiceCatalog.services().stream().map(s -> s.name()).toList());
        int stopped = stopAll(layout, List.of(ServiceCatalog.GATEWAY), log);
        services.remove(ServiceCatalog.GATEWAY);
        stopped += stopAll(layout, services, log);
        stopped += stopAll(layout, List.of(ServiceCatalog.KEYCLOAK, ServiceCatalog.S3, ServiceCatalog.KAFKA,
                ServiceCatalog.CLAMD), log);
        stopped += StrayProcesses.stop(layout, handStarted, ProcessTerminator.DEFAULT_GRACE, log);
        if (PostgresServer.stopLeftover(layout.postgresDir())) {
            log.accept("stopped a leftover PostgreSQL on " + layout.postgresDir());
            stopped++;
        }
        deleteQuietly(layout.pidFile(ServiceCatalog.POSTGRES));
        deleteQuietly(layout.readyMarker());
        deleteQuietly(RestartCounts.file(layout));
        return stopped;
    }

    private static int stopAll(StackLayout layout, List<String> parts, Consumer<String> log) {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (String part : parts) {
            Optional<ProcessHandle> process = PidFile.read(layout.pidFile(part)).flatMap(PidFile::liveProcess);
            if (process.isPresent()) {
                log.accept("stopping leftover " + part + " (pid " + process.get().pid() + ")");
                stops.add(CompletableFuture.runAsync(
                        () -> ProcessTerminator.terminate(process.get(), ProcessTerminator.DEFAULT_GRACE)));
            }
        }
        stops.forEach(CompletableFuture::join);
        parts.forEach(part -> deleteQuietly(layout.pidFile(part)));
        return stops.size();
    }

    static void deleteQuietly(java.nio.file.Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort
        }
    }
}
