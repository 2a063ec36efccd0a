package com.t3chat.llm.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectGuardTest {

    private final TargetServer server = TargetServer.start();

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void theSocketRefusesAForbiddenAddressWhoeverAsksItToConnect() throws IOException {
        var guard = new ConnectGuard(EgressPolicy.forUserUrls(List.of()), InetAddress::getAllByName);

        try (Socket socket = guard.create(null)) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", server.listenerPort()), 5000))
                    .isInstanceOf(EgressRefusedException.class)
                    .hasMessage("Refused to connect to 127.0.0.1: it is a loopback address");
        }
        assertThat(server.connections()).isZero();
    }

    @Test
    void resolvingRefusesANameWhenAnyOfItsAddressesIsForbidden() throws IOException {
        var guard = new ConnectGuard(EgressPolicy.forUserUrls(List.of()), host -> new InetAddress[] {
                InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 215, 14}),
                InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7})});

        assertThatThrownBy(() -> guard.resolve("mixed.example"))
                .isInstanceOf(EgressRefusedException.class)
                .hasMessage("Refused to connect to mixed.example: it resolves to a private address");
    }

    @Test
    void anUnrestrictedGuardConnectsAnywhere() throws IOException {
        var guard = new ConnectGuard(EgressPolicy.unrestricted(), InetAddress::getAllByName);

        try (Socket socket = guard.create(null)) {
            socket.connect(new InetSocketAddress(guard.resolve("127.0.0.1")[0], server.listenerPort()), 5000);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connections() == 1);
    }
}
