package com.t3chat.devstack.cli;

/** A process that only waits: what {@link DownCommandIT} starts as a stray. */
public final class StrayMain {

    private StrayMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(600_000);
    }
}
