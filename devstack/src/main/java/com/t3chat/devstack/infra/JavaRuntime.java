package com.t3chat.devstack.infra;

import java.nio.file.Path;

/** The JDK this JVM runs on: every child JVM uses the same one. */
public final class JavaRuntime {

    private JavaRuntime() {
    }

    public static Path home() {
        return Path.of(System.getProperty("java.home"));
    }

    public static String javaExecutable() {
        return home().resolve("bin").resolve("java").toString();
    }
}
