package com.t3chat.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.t3chat.devstack.stack.LocalStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web app in a real browser (Debian's Chromium through playwright-core) against the whole system: the browser
 * tests in {@code web/e2e/} ({@code npm run e2e}) run against the gateway with the real Keycloak.
 */
class WebAppIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    @Test
    void theBrowserTestsPassAgainstTheRunningSystem() throws Exception {
        LocalStack stack = SystemStack.get();
        Path web = Path.of("..", "web").toAbsolutePath().normalize();
        assertThat(web.resolve("package.json")).as("the web app's folder next to system-tests").exists();
        if (!Files.isDirectory(web.resolve("node_modules"))) {
            // normally the web module, built earlier in the same reactor, has installed them
            run(web, List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund"), stack, Duration.ofMinutes(5));
        }
        run(web, List.of("npm", "run", "e2e"), stack, TIMEOUT);
    }

    private static void run(Path dir, List<String> command, LocalStack stack, Duration timeout) throws Exception {
        var builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("T3CHAT_BASE_URL", stack.gatewayUrl());
        builder.environment().put("NO_COLOR", "1");
        Process process = builder.start();
        process.getOutputStream().close();
        List<String> output = new ArrayList<>();
        Thread pump = Thread.ofPlatform().name("e2e-output").daemon().start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    System.out.println("[e2e] " + line);
                    synchronized (output) {
                        output.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended or was stopped
            }
        });
        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        pump.join(Duration.ofSeconds(10));
        String log;
        synchronized (output) {
            log = String.join("\n", output);
        }
        if (!ended) {
            fail("%s did not finish within %s; its output:%n%s", String.join(" ", command), timeout, log);
        }
        if (process.exitValue() != 0) {
            fail("%s failed (exit %d); failure screenshots are in web/e2e-output/. Its output:%n%s",
                    String.join(" ", command), process.exitValue(), log);
        }
    }
}
