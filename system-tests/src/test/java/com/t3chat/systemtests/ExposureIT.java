package com.t3chat.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.t3chat.devstack.layout.LocalPorts;
import com.t3chat.devstack.process.PortProbe;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What local mode exposes: the gateway and Keycloak's sign-in port answer on every address of the machine; every
 * other port of the stack (services, config-server, Keycloak's management port, PostgreSQL, Kafka, S3, the SMTP
 * sink, clamd) only on loopback.
 */
class ExposureIT {

    private static final Map<Integer, String> INTERNAL = Map.ofEntries(
            Map.entry(LocalPorts.CONFIG_SERVER, "config-server"),
            Map.entry(LocalPorts.AUTH, "auth-service"),
            Map.entry(LocalPorts.CHAT, "chat-service"),
            Map.entry(LocalPorts.LLM, "llm-service"),
            Map.entry(LocalPorts.ATTACHMENT, "attachment-service"),
            Map.entry(LocalPorts.EMBEDDING, "embedding-worker"),
            Map.entry(LocalPorts.KEYCLOAK_MANAGEMENT, "keycloak management"),
            Map.entry(LocalPorts.POSTGRES, "postgres"),
            Map.entry(LocalPorts.KAFKA, "kafka"),
            Map.entry(LocalPorts.KAFKA_CONTROLLER, "kafka controller"),
            Map.entry(LocalPorts.S3, "s3"),
            Map.entry(LocalPorts.SMTP, "mail"),
            Map.entry(LocalPorts.CLAMD, "clamd"));

    private static List<InetAddress> external;

    @BeforeAll
    static void startTheSystem() throws SocketException {
        SystemStack.get();
        external = NetworkInterface.networkInterfaces()
                .filter(ExposureIT::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .toList();
        assumeFalse(external.isEmpty(), "this machine has no address besides loopback");
    }

    @Test
    void internalPortsAnswerOnLoopbackOnly() {
        INTERNAL.forEach((port, part) -> {
            assertThat(PortProbe.isListening(port)).as(part + " on 127.0.0.1:" + port).isTrue();
            for (InetAddress address : external) {
                assertThat(connects(address, port)).as(part + " on " + address.getHostAddress() + ":" + port)
                        .isFalse();
            }
        });
    }

    @Test
    void theGatewayAndKeycloaksSignInPortAnswerOnEveryAddress() {
        for (InetAddress address : external) {
            assertThat(connects(address, LocalPorts.GATEWAY)).as("gateway on " + address.getHostAddress()).isTrue();
            // Keycloak listens on 0.0.0.0: every IPv4 address
            if (address instanceof Inet4Address) {
                assertThat(connects(address, LocalPorts.KEYCLOAK)).as("keycloak on " + address.getHostAddress())
                        .isTrue();
            }
        }
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isUp(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
