package com.t3chat.devstack.cli;

import com.t3chat.devstack.process.StartupFailure;

/** Dispatches the devstack commands; returns the process exit code. */
public final class CommandLine {

    static final String USAGE = """
            usage: Devstack <command>
              up             start everything and stay in the foreground (Ctrl-C stops it)
              down           stop a running stack and anything a killed one left behind
              status         pid, port, health and memory of every part
              token <user>   an access token for a local user (alice, bob, admin)
              mail [--last]  the mails the local SMTP sink received; --last: the newest one whole
            """;

    private CommandLine() {
    }

    public static int run(String[] args) {
        if (args.length == 0) {
            System.err.print(USAGE);
            return 2;
        }
        try {
            return switch (args[0]) {
                case "up" -> UpCommand.run();
                case "down" -> DownCommand.run();
                case "status" -> StatusCommand.run();
                case "token" -> TokenCommand.run(args);
                case "mail" -> MailCommand.run(args);
                default -> {
                    System.err.print(USAGE);
                    yield 2;
                }
            };
        } catch (StartupFailure | IllegalStateException | IllegalArgumentException e) {
            System.err.println("\nFAILED: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("\nFAILED: " + e);
            e.printStackTrace();
            return 1;
        }
    }
}
