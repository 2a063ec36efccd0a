package com.t3chat.devstack.cli;

import com.t3chat.devstack.layout.LocalPorts;
import com.t3chat.devstack.mail.SmtpSink;
import com.t3chat.devstack.stack.LocalStack;
import com.t3chat.devstack.stack.StackOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;

/** {@code up}: start everything, print where to go, stay in the foreground until SIGINT/SIGTERM. */
final class UpCommand {

    private UpCommand() {
    }

    static int run() throws InterruptedException {
        StackOptions options = StackOptions.defaults();
        long begin = System.nanoTime();
        LocalStack stack = LocalStack.start(options);
        String banner = banner(stack, (System.nanoTime() - begin) / 1e9);
        System.out.println(banner);
        System.out.flush();
        try {
            Files.writeString(options.layout().readyMarker(), banner);
        } catch (IOException e) {
            System.err.println("cannot write " + options.layout().readyMarker() + ": " + e.getMessage());
        }
        // the JVM's shutdown hook (SIGINT/SIGTERM) stops the stack
        new CountDownLatch(1).await();
        return 0;
    }

    private static String banner(LocalStack stack, double seconds) {
        StringBuilder text = new StringBuilder();
        text.append("\n  T3 Chat is up (healthy after %.0f s)%n%n".formatted(seconds));
        text.append("  App:             %s%n".formatted(stack.gatewayUrl()));
        text.append("  Keycloak admin:  %s/admin/  (admin / admin, master realm; local only)%n"
                .formatted(stack.keycloakUrl()));
        text.append("  Local users:     alice / alice (user), bob / bob (user), admin / admin (user, admin)\n");
        text.append("  Token:           ./dev token alice\n");
        text.append("  Mail:            ./dev mail   (SMTP sink on %s:%d)%n".formatted(SmtpSink.HOST, LocalPorts.SMTP));
        text.append("  Status, logs:    ./dev status, ./dev logs <part>   (%s)%n".formatted(stack.layout().logsDir()));
        text.append("  Stop:            Ctrl-C (foreground) or ./dev down\n");
        if (!stack.skippedServices().isEmpty()) {
            text.append("%n  WARNING: not started (jar missing): %s%n".formatted(stack.skippedServices()));
        }
        text.append("  Ports: postgres %d, kafka %d, s3 %d, keycloak %d, %sconfig-server %d, gateway %d%n".formatted(
                LocalPorts.POSTGRES, LocalPorts.KAFKA, LocalPorts.S3, LocalPorts.KEYCLOAK,
                stack.clamdRunning() ? "clamd " + LocalPorts.CLAMD + ", " : "", LocalPorts.CONFIG_SERVER,
                LocalPorts.GATEWAY));
        return text.toString();
    }
}
