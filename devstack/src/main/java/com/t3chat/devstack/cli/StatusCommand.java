package com.t3chat.devstack.cli;

import com.t3chat.devstack.layout.StackLayout;
import com.t3chat.devstack.stack.StackStatus;

/** {@code status}: one row per process with pid, port, health and resident memory. */
final class StatusCommand {

    private StatusCommand() {
    }

    static int run() {
        StackLayout layout = StackLayout.discover();
        System.out.print(StackStatus.format(StackStatus.of(layout)));
        System.out.println("data: " + layout.dataDir());
        return 0;
    }
}
