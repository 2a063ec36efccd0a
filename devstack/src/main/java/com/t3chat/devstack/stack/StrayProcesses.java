package com.t3chat.devstack.stack;

import com.t3chat.devstack.clamd.ClamdServer;
import com.t3chat.devstack.clamd.ClamdSettings;
import com.t3chat.devstack.layout.StackLayout;
import com.t3chat.devstack.process.ProcessCommandLine;
import com.t3chat.devstack.process.ProcessTerminator;
import com.t3chat.devstack.process.StackMarker;
import com.t3chat.devstack.service.ServiceCatalog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Processes of a data folder that no pid file names, found by their command line: a supervisor ({@code Devstack up}
 * with {@code -Dt3chat.data=<folder>}), every JVM it starts ({@link StackMarker}), the postmaster ({@code postgres -D
 * <folder>/postgres}), our clamd ({@code clamd --config-file=<folder>/conf/clamd.conf}) and, for {@code ./dev down}, a service jar of this repository started by hand (no marker at
 * all). They are stopped in order: supervisors first (they stop their own children), then services, then
 * infrastructure, PostgreSQL last with SIGINT (its "fast" shutdown).
 */
public final class StrayProcesses {

    static final String SUPERVISOR_MAIN = "com.t3chat.devstack.Devstack";

    /** What a stray is, in the order they are stopped. */
    enum Kind { SUPERVISOR, SERVICE, INFRASTRUCTURE, POSTGRES }

    record Stray(long pid, Kind kind, List<String> arguments) {

        String describe() {
            String line = String.join(" ", arguments);
            return kind.name().toLowerCase(java.util.Locale.ROOT) + " pid " + pid + " ("
                    + (line.length() > 120 ? line.substring(0, 117) + "…" : line) + ")";
        }
    }

    private StrayProcesses() {
    }

    /**
     * What a command line is to the stack on {@code layout}, if it is one of its processes.
     *
     * @param handStarted also a service jar of this repository without any stack marker (started by hand)
     */
    static Optional<Kind> classify(List<String> arguments, StackLayout layout, boolean handStarted) {
        if (arguments.isEmpty()) {
            return Optional.empty();
        }
        Path dataDir = normalized(layout.dataDir());
        if (arguments.contains(SUPERVISOR_MAIN) && arguments.getLast().equals("up")
                && arguments.stream().anyMatch(a -> a.startsWith("-D" + StackLayout.DATA_PROPERTY + "=")
                && normalized(Path.of(a.substring(StackLayout.DATA_PROPERTY.length() + 3))).equals(dataDir))) {
            return Optional.of(Kind.SUPERVISOR);
        }
        if (StackMarker.carries(arguments, dataDir)) {
            return Optional.of(arguments.contains("-jar") ? Kind.SERVICE : Kind.INFRASTRUCTURE);
        }
        if (ClamdServer.runsWith(arguments, ClamdSettings.forStack(layout, ServiceCatalog.CLAMD))) {
            return Optional.of(Kind.INFRASTRUCTURE);
        }
        if (isPostmasterOf(arguments, normalized(layout.postgresDir()))) {
            return Optional.of(Kind.POSTGRES);
        }
        if (handStarted && !StackMarker.carriesAny(arguments) && runsServiceJar(arguments, layout)) {
            return Optional.of(Kind.SERVICE);
        }
        return Optional.empty();
    }

    private static boolean isPostmasterOf(List<String> arguments, Path postgresDir) {
        if (!Path.of(arguments.getFirst()).getFileName().toString().equals("postgres")) {
            return false;
        }
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            String dir = argument.equals("-D") && i + 1 < arguments.size() ? arguments.get(i + 1)
                    : argument.startsWith("-D") && argument.length() > 2 ? argument.substring(2) : null;
            if (dir != null && normalized(Path.of(dir)).equals(postgresDir)) {
                return true;
            }
        }
        return false;
    }

    private static boolean runsServiceJar(List<String> arguments, StackLayout layout) {
        int jar = arguments.indexOf("-jar");
        if (jar < 0 || jar + 1 >= arguments.size()) {
            return false;
        }
        Path path = normalized(Path.of(arguments.get(jar + 1)));
        return ServiceCatalog.services().stream().anyMatch(s -> normalized(layout.serviceJar(s.name())).equals(path));
    }

    private static Path normalized(Path path) {
        return path.toAbsolutePath().normalize();
    }

    /** Every live process of this data folder except this JVM and its ancestors. */
    static List<Stray> find(StackLayout layout, boolean handStarted) {
        Set<Long> excluded = new HashSet<>();
        for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
            excluded.add(p.get().pid());
        }
        List<Stray> strays = new ArrayList<>();
        ProcessHandle.allProcesses()
                .filter(p -> !excluded.contains(p.pid()))
                .filter(ProcessHandle::isAlive)
                .forEach(p -> {
                    List<String> arguments = ProcessCommandLine.arguments(p.pid());
                    classify(arguments, layout, handStarted).ifPresent(kind -> strays.add(new Stray(p.pid(), kind,
                            arguments)));
                });
        return strays;
    }

    /**
     * Stops every stray of this data folder (see the class comment for the order) and returns how many there were.
     *
     * @param handStarted also service jars of this repository started by hand without a marker
     */
    public static int stop(StackLayout layout, boolean handStarted, Duration grace, Consumer<String> log) {
        int stopped = 0;
        for (Kind kind : Kind.values()) {
            // looked up again for every kind: a supervisor that stops takes its children with it
            List<Stray> strays = find(layout, handStarted).stream().filter(s -> s.kind() == kind).toList();
            List<CompletableFuture<Void>> stops = new ArrayList<>();
            for (Stray stray : strays) {
                Optional<ProcessHandle> process = ProcessHandle.of(stray.pid());
                if (process.isEmpty()) {
                    continue;
                }
                log.accept("stopping stray " + stray.describe());
                Duration wait = kind == Kind.SUPERVISOR ? Duration.ofSeconds(120) : grace;
                stops.add(CompletableFuture.runAsync(() -> {
                    if (kind == Kind.POSTGRES) {
                        ProcessTerminator.interrupt(process.get(), wait);
                    } else {
                        ProcessTerminator.terminate(process.get(), wait);
                    }
                }));
            }
            stops.forEach(CompletableFuture::join);
            stopped += stops.size();
        }
        return stopped;
    }
}
