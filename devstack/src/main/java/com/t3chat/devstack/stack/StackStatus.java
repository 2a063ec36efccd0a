package com.t3chat.devstack.stack;

import com.t3chat.devstack.clamd.ClamdServer;
import com.t3chat.devstack.clamd.ClamdSettings;
import com.t3chat.devstack.keycloak.KeycloakSettings;
import com.t3chat.devstack.layout.LocalPorts;
import com.t3chat.devstack.layout.StackLayout;
import com.t3chat.devstack.postgres.PostgresServer;
import com.t3chat.devstack.process.HttpProbe;
import com.t3chat.devstack.process.PidFile;
import com.t3chat.devstack.process.PortProbe;
import com.t3chat.devstack.process.ProcessMemory;
import com.t3chat.devstack.service.ServiceCatalog;
import com.t3chat.devstack.service.ServiceDefinition;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** What runs on a data folder, read from its pid files and health endpoints (works from any JVM). */
public final class StackStatus {

    public static final String SUPERVISOR = "devstack";
    /** The SMTP sink's row (it has no process of its own). */
    public static final String MAIL = "mail";

    private StackStatus() {
    }

    public static List<PartStatus> of(StackLayout layout) {
        List<PartStatus> rows = new ArrayList<>();
        rows.add(row(SUPERVISOR, Leftovers.supervisor(layout), 0, () -> true, Memory.OWN));
        rows.add(row(ServiceCatalog.POSTGRES, PostgresServer.runningPostmaster(layout.postgresDir()), LocalPorts.POSTGRES,
                StackStatus::postgresAnswers, Memory.FORKED_TREE));
        rows.add(row(ServiceCatalog.KAFKA, live(layout, ServiceCatalog.KAFKA), LocalPorts.KAFKA,
                () -> PortProbe.isListening(LocalPorts.KAFKA)));
        rows.add(row(ServiceCatalog.S3, live(layout, ServiceCatalog.S3), LocalPorts.S3,
                () -> HttpProbe.status("http://127.0.0.1:" + LocalPorts.S3 + "/") > 0));
        // the SMTP sink runs inside the supervisor (whose row counts its memory): up if its port answers
        rows.add(new PartStatus(MAIL, 0, LocalPorts.SMTP, PortProbe.isListening(LocalPorts.SMTP) ? Health.UP
                : Leftovers.supervisor(layout).isPresent() ? Health.DOWN : Health.NOT_RUNNING, 0));
        // optional: "missing" when Debian's clamav-daemon is not installed
        rows.add(ClamdServer.installed()
                ? row(ServiceCatalog.CLAMD, live(layout, ServiceCatalog.CLAMD), LocalPorts.CLAMD,
                        () -> ClamdServer.ping(ClamdSettings.HOST, LocalPorts.CLAMD))
                : new PartStatus(ServiceCatalog.CLAMD, 0, LocalPorts.CLAMD, Health.NOT_INSTALLED, 0));
        rows.add(row(ServiceCatalog.KEYCLOAK, live(layout, ServiceCatalog.KEYCLOAK), LocalPorts.KEYCLOAK,
                () -> HttpProbe.status("http://localhost:" + LocalPorts.KEYCLOAK_MANAGEMENT + "/health/ready") == 200));
        for (ServiceDefinition service : ServiceCatalog.services()) {
            rows.add(row(service.name(), live(layout, service.name()), service.port(),
                    () -> HttpProbe.status(service.healthUrl()) == 200));
        }
        Map<String, Integer> restarts = RestartCounts.read(layout);
        return rows.stream().map(r -> new PartStatus(r.part(), r.pid(), r.port(), r.health(), r.rssKib(),
                restarts.getOrDefault(r.part(), 0))).toList();
    }

    public static String format(List<PartStatus> rows) {
        StringBuilder out = new StringBuilder();
        out.append("%-20s %8s %6s %7s %8s %8s%n".formatted("PART", "PID", "PORT", "HEALTH", "RESTARTS", "RSS(MB)"));
        long total = 0;
        for (PartStatus row : rows) {
            out.append("%-20s %8s %6s %7s %8s %8s%n".formatted(row.part(),
                    row.pid() == 0 ? "-" : Long.toString(row.pid()),
                    row.port() == 0 ? "-" : Integer.toString(row.port()),
                    row.health().label(),
                    row.restarts() == 0 ? "-" : Integer.toString(row.restarts()),
                    row.pid() == 0 ? "-" : Long.toString(row.rssMb())));
            total += row.rssKib();
        }
        out.append("%-20s %8s %6s %7s %8s %8d%n".formatted("TOTAL", "", "", "", "", Math.round(total / 1024.0)));
        return out.toString();
    }

    private static Optional<ProcessHandle> live(StackLayout layout, String part) {
        return PidFile.read(layout.pidFile(part)).flatMap(PidFile::liveProcess);
    }

    /** How a part's memory is counted. */
    private enum Memory {
        /** the process alone (the supervisor: its children have their own rows) */
        OWN,
        /** the process and its children (kc.sh and its java) */
        TREE,
        /** PostgreSQL: the postmaster plus its backends' private memory */
        FORKED_TREE
    }

    private static PartStatus row(String part, Optional<ProcessHandle> process, int port, BooleanSupplier healthy) {
        return row(part, process, port, healthy, Memory.TREE);
    }

    private static PartStatus row(String part, Optional<ProcessHandle> process, int port, BooleanSupplier healthy,
                                  Memory memory) {
        if (process.isEmpty()) {
            return new PartStatus(part, 0, port, Health.NOT_RUNNING, 0);
        }
        long pid = process.get().pid();
        Health health = healthy.getAsBoolean() ? Health.UP : Health.DOWN;
        long rss = switch (memory) {
            case OWN -> ProcessMemory.rssKib(pid);
            case TREE -> ProcessMemory.treeRssKib(pid);
            case FORKED_TREE -> ProcessMemory.forkedTreeRssKib(pid);
        };
        return new PartStatus(part, pid, port, health, rss);
    }

    private static boolean postgresAnswers() {
        String url = "jdbc:postgresql://localhost:" + LocalPorts.POSTGRES
                + "/postgres?user=postgres&connectTimeout=2&socketTimeout=3";
        try (Connection connection = DriverManager.getConnection(url)) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Keycloak's realm URL (for messages). */
    public static String keycloakIssuer() {
        return "http://localhost:" + LocalPorts.KEYCLOAK + "/realms/" + KeycloakSettings.REALM;
    }
}
