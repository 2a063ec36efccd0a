package com.t3chat.devstack.process;

import java.nio.file.Path;
import java.util.List;

/**
 * The argument every JVM of a local stack carries, {@code -Dt3chat.stack=<data folder>}: {@code ./dev down} finds
 * the processes of a data folder by it even when no pid file names them (a supervisor killed with SIGKILL, a replica
 * a test started, a pid file deleted by hand). One whole argument is compared, so {@code /a/.data} never matches
 * {@code /a/.data2}.
 */
public final class StackMarker {

    public static final String PROPERTY = "t3chat.stack";
    private static final String PREFIX = "-D" + PROPERTY + "=";

    private StackMarker() {
    }

    /** The marker argument for the stack on {@code dataDir}. */
    public static String argument(Path dataDir) {
        return PREFIX + dataDir.toAbsolutePath().normalize();
    }

    /** Whether a command line carries the marker of the stack on {@code dataDir}. */
    public static boolean carries(List<String> arguments, Path dataDir) {
        return arguments.contains(argument(dataDir));
    }

    /** Whether a command line carries the marker of any stack. */
    public static boolean carriesAny(List<String> arguments) {
        return arguments.stream().anyMatch(a -> a.startsWith(PREFIX));
    }
}
