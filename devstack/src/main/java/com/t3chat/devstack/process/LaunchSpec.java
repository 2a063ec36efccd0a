package com.t3chat.devstack.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start one child process.
 *
 * @param name        the part's name (for messages)
 * @param command     the command and its arguments
 * @param environment added to the inherited environment
 * @param workingDir  the working directory
 * @param logFile     stdout and stderr are appended here
 * @param pidFile     where to record the pid (null: not recorded)
 * @param marker      a string the process's command line contains (recorded in the pid file)
 */
public record LaunchSpec(String name, List<String> command, Map<String, String> environment, Path workingDir,
                         Path logFile, Path pidFile, String marker) {

    public LaunchSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }
}
