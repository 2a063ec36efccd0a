package com.t3chat.devstack.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a process as /proc shows it (arguments joined by spaces); empty if unreadable. */
public final class ProcessCommandLine {

    private ProcessCommandLine() {
    }

    public static String of(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    raw[i] = ' ';
                }
            }
            return new String(raw, java.nio.charset.StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** The arguments of a process (argv, the executable first); empty if unreadable (gone, or not ours to read). */
    public static List<String> arguments(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            List<String> arguments = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    arguments.add(new String(raw, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (start < raw.length) {
                arguments.add(new String(raw, start, raw.length - start, java.nio.charset.StandardCharsets.UTF_8));
            }
            return List.copyOf(arguments);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A process that has exited but was not reaped yet (state Z in /proc/<pid>/stat). */
    public static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
