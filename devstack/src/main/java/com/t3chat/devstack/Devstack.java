package com.t3chat.devstack;

/**
 * The local stack's command line (run by {@code ./dev}): {@code up}, {@code down}, {@code status},
 * {@code token <user>}, {@code mail [--last]}.
 */
public final class Devstack {

    private Devstack() {
    }

    public static void main(String[] args) {
        System.exit(com.t3chat.devstack.cli.CommandLine.run(args));
    }
}
