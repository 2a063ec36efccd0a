package com.t3chat.devstack.process;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point for child JVMs of a test JVM: {@code ParentWatchdog <parentPid> <mainClass> <args...>} runs
 * {@code mainClass} and exits as soon as the parent process is gone, so a killed test JVM leaves no broker or
 * object store behind.
 */
public final class ParentWatchdog {

    private ParentWatchdog() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: ParentWatchdog <parentPid> <mainClass> [args...]");
            System.exit(2);
        }
        long parentPid = Long.parseLong(args[0]);
        Thread watcher = new Thread(() -> watch(parentPid), "parent-watchdog");
        watcher.setDaemon(true);
        watcher.start();
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void watch(long parentPid) {
        var parent = ProcessHandle.of(parentPid);
        while (parent.isPresent() && parent.get().isAlive()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
        System.err.println("parent process " + parentPid + " is gone: exiting");
        System.exit(3);
    }
}
