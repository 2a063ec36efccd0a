package com.t3chat.devstack.test;

import java.util.concurrent.CountDownLatch;

/**
 * The {@link ProviderSimulator} as its own process, so that a benchmark measures the simulator's CPU and memory apart
 * from the harness's: {@code java -cp devstack.jar com.t3chat.devstack.test.SimulatorMain --port 18090
 * [--record-last 0]}. Prints {@code provider simulator ready on http://127.0.0.1:<port>} once it accepts
 * connections, then serves until it is stopped (SIGTERM or SIGINT).
 */
public final class SimulatorMain {

    /** The line printed once the simulator accepts connections (followed by its root URL). */
    public static final String READY_LINE = "provider simulator ready on ";

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ProviderSimulator.Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: SimulatorMain [--port <port, 0 = any free one>] [--record-last <requests kept>]");
            System.exit(2);
            return;
        }
        ProviderSimulator simulator = ProviderSimulator.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        System.out.println(READY_LINE + simulator.rootUrl());
        System.out.flush();
        stopped.await();
    }

    /** {@code --port N} (default 0) and {@code --record-last N} (default 0: a separate process is for load). */
    static ProviderSimulator.Options parse(String... args) {
        ProviderSimulator.Options options = ProviderSimulator.Options.defaults().recordLast(0);
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            int value;
            try {
                value = Integer.parseInt(args[++i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a number, not " + args[i]);
            }
            options = switch (name) {
                case "--port" -> options.port(value);
                case "--record-last" -> options.recordLast(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            };
        }
        return options;
    }
}
