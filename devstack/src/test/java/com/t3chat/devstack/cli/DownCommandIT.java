package com.t3chat.devstack.cli;

import com.t3chat.devstack.clamd.ClamdServer;
import com.t3chat.devstack.clamd.ClamdSettings;
import com.t3chat.devstack.infra.JavaRuntime;
import com.t3chat.devstack.layout.StackLayout;
import com.t3chat.devstack.process.PortProbe;
import com.t3chat.devstack.test.TestInfra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code down} ends processes of its data folder that no pid file names, and nothing else. */
class DownCommandIT {

    @TempDir
    Path root;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    private Process start(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(process);
        return process;
    }

    private static String testClasses() throws Exception {
        return Path.of(StrayMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** {@code <root>/chat-service/target/chat-service.jar}, a jar whose main only waits. */
    private Path serviceJar(StackLayout layout) throws IOException {
        Path jar = layout.serviceJar("chat-service");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, StrayMain.class.getName());
        String entry = StrayMain.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
             InputStream classFile = StrayMain.class.getClassLoader().getResourceAsStream(entry)) {
            jarOut.putNextEntry(new JarEntry(entry));
            classFile.transferTo(jarOut);
            jarOut.closeEntry();
        }
        return jar;
    }

    @Test
    void downStopsMarkedStraysAndServiceJarsStartedByHandButNotAnotherStacksProcesses() throws Exception {
        StackLayout layout = StackLayout.of(root, root.resolve(".data"));
        String java = JavaRuntime.javaExecutable();
        // a replica a test started, a broker of a killed run: the marker of this data folder, no pid file
        Process replica = start(java, "-Dt3chat.stack=" + layout.dataDir(), "-cp", testClasses(),
                StrayMain.class.getName());
        // this repository's service jar, started by hand
        Process byHand = start(java, "-jar", serviceJar(layout).toString());
        // another stack's process (a data folder whose name starts the same) and an unrelated one
        Process otherStack = start(java, "-Dt3chat.stack=" + layout.dataDir() + "2", "-cp", testClasses(),
                StrayMain.class.getName());
        Process unrelated = start(java, "-cp", testClasses(), StrayMain.class.getName());
        await().atMost(Duration.ofSeconds(20)).until(() -> started.stream().allMatch(p -> p.info().arguments()
                .map(a -> a.length > 0).orElse(false)));

        assertThat(DownCommand.run(layout)).isZero();

        assertThat(replica.isAlive()).isFalse();
        assertThat(byHand.isAlive()).isFalse();
        assertThat(otherStack.isAlive()).isTrue();
        assertThat(unrelated.isAlive()).isTrue();
    }

    @Test
    void downStopsAClamdOfThisDataFolderThatNoPidFileNamesButNotAnotherStacks() {
        TestInfra.assumeClamd();
        StackLayout layout = StackLayout.of(root, root.resolve(".data"));
        StackLayout other = StackLayout.of(root, root.resolve(".data2"));
        // what a killed supervisor leaves behind: no pid file (any free port: the configuration names it)
        ClamdServer ours = new ClamdServer(new ClamdSettings(layout.clamdDir(), layout.confDir(), PortProbe.freePort(),
                root.resolve("clamd.log"), null));
        ClamdServer theirs = new ClamdServer(new ClamdSettings(other.clamdDir(), other.confDir(), PortProbe.freePort(),
                root.resolve("clamd2.log"), null));
        try {
            ours.start(Duration.ofSeconds(60));
            theirs.start(Duration.ofSeconds(60));

            assertThat(DownCommand.run(layout)).isZero();

            assertThat(ours.process().isAlive()).isFalse();
            assertThat(theirs.process().isAlive()).isTrue();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            ours.stop(Duration.ofSeconds(5));
            theirs.stop(Duration.ofSeconds(5));
        }
    }
}
