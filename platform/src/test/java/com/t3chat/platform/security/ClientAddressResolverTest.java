package com.t3chat.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

    private final ClientAddressResolver loopbackTrusted = new ClientAddressResolver(List.of("127.0.0.0/8", "::1/128"));

    @Test
    void aDirectCallerIsItsPeerWhateverItWritesIntoXForwardedFor() throws UnknownHostException {
        var untrusted = new ClientAddressResolver(List.of("10.0.0.0/8"));

        assertThat(untrusted.resolve(ip("127.0.0.1"), List.of("203.0.113.9"))).isEqualTo("127.0.0.1");
        assertThat(loopbackTrusted.resolve(ip("198.51.100.4"), List.of("203.0.113.9"))).isEqualTo("198.51.100.4");
    }

    @Test
    void behindATrustedProxyTheClientIsTheRightmostUntrustedHop() throws UnknownHostException {
        // the client wrote "1.1.1.1" itself; the gateway appended the peer it saw
        assertThat(loopbackTrusted.resolve(ip("127.0.0.1"), List.of("1.1.1.1, 203.0.113.9")))
                .isEqualTo("203.0.113.9");
        var ingressAndGateway = new ClientAddressResolver(List.of("127.0.0.1", "10.1.0.0/16"));
        assertThat(ingressAndGateway.resolve(ip("127.0.0.1"), List.of("6.6.6.6", "203.0.113.9, 10.1.2.3")))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void aTrustedPeerWithoutHeaderIsItself() throws UnknownHostException {
        assertThat(loopbackTrusted.resolve(ip("127.0.0.1"), null)).isEqualTo("127.0.0.1");
        assertThat(loopbackTrusted.resolve(null, List.of("203.0.113.9"))).isEqualTo("unknown");
    }

    @Test
    void malformedEntriesAreNeverBelievedNorLookedUp() throws UnknownHostException {
        for (String bad : List.of("example.com", "cafe", "999.1.1.1", "1.2.3", "::zz", "", "unknown", "1.2.3.4:80")) {
            assertThat(loopbackTrusted.resolve(ip("127.0.0.1"), List.of(bad))).as(bad).isEqualTo("127.0.0.1");
        }
        // garbage to the left of a good hop does not matter
        assertThat(loopbackTrusted.resolve(ip("127.0.0.1"), List.of("evil, 203.0.113.9"))).isEqualTo("203.0.113.9");
    }

    @Test
    void ipv6PeersHopsAndBlocks() throws UnknownHostException {
        assertThat(loopbackTrusted.resolve(ip("::1"), List.of("2001:db8::7"))).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(loopbackTrusted.resolve(ip("::1"), List.of("[2001:db8::7]"))).isEqualTo("2001:db8:0:0:0:0:0:7");
        var block = new ClientAddressResolver(List.of("fd00::/8"));
        assertThat(block.isTrusted(ip("fd12:3456::1"))).isTrue();
        assertThat(block.isTrusted(ip("fe80::1"))).isFalse();
        assertThat(block.isTrusted(ip("10.0.0.1"))).isFalse();
        assertThat(new ClientAddressResolver(List.of("192.168.4.0/22")).isTrusted(ip("192.168.7.255"))).isTrue();
        assertThat(new ClientAddressResolver(List.of("192.168.4.0/22")).isTrusted(ip("192.168.8.0"))).isFalse();
    }

    @Test
    void aBadTrustedProxyEntryStopsTheStart() {
        assertThatThrownBy(() -> new ClientAddressResolver(List.of("gateway.internal")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientAddressResolver(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }
}
