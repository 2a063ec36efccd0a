package com.t3chat.devstack.cli;

import com.t3chat.devstack.layout.StackLayout;
import com.t3chat.devstack.stack.Leftovers;
import com.t3chat.devstack.stack.StackStatus;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code down}: ask the supervisor to stop (SIGTERM), then stop whatever is left: what the pid files name, every
 * process carrying this data folder's marker, a service jar of this repository started by hand. Exit 0 even if
 * nothing ran.
 */
final class DownCommand {

    private DownCommand() {
    }

    static int run() throws Exception {
        return run(StackLayout.discover());
    }

    static int run(StackLayout layout) throws Exception {
        Optional<ProcessHandle> supervisor = Leftovers.supervisor(layout);
        if (supervisor.isPresent()) {
            ProcessHandle process = supervisor.get();
            System.out.println("stopping the stack (supervisor pid " + process.pid() + ")");
            process.destroy();
            try {
                process.onExit().get(120, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                System.out.println("the supervisor did not stop within 120 s: killing it");
                process.destroyForcibly();
                process.onExit().get(10, TimeUnit.SECONDS);
            }
        }
        int leftovers = Leftovers.clean(layout, true, System.out::println);
        java.nio.file.Files.deleteIfExists(layout.pidFile(StackStatus.SUPERVISOR));
        if (supervisor.isPresent() || leftovers > 0) {
            System.out.println("stopped");
        } else {
            System.out.println("nothing was running on " + layout.dataDir());
        }
        return 0;
    }
}
