package com.t3chat.devstack.infra;

import com.t3chat.devstack.process.ParentWatchdog;

import java.util.ArrayList;
import java.util.List;

/** Builds {@code java <options> -cp <classpath> <main> <args>}, optionally tied to the life of a parent process. */
public final class JvmCommand {

    private JvmCommand() {
    }

    /**
     * @param watchParentPid if positive, the child runs under {@link ParentWatchdog} and exits when that process is
     *                       gone (devstack's classes are put on the classpath for it)
     */
    public static List<String> of(List<String> jvmOptions, String classpath, String mainClass, List<String> args,
                                  long watchParentPid) {
        List<String> command = new ArrayList<>();
        command.add(JavaRuntime.javaExecutable());
        command.addAll(jvmOptions);
        command.add("-cp");
        if (watchParentPid > 0) {
            command.add(InfraArtifacts.devstackLocation() + java.io.File.pathSeparator + classpath);
            command.add(ParentWatchdog.class.getName());
            command.add(Long.toString(watchParentPid));
        } else {
            command.add(classpath);
        }
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
