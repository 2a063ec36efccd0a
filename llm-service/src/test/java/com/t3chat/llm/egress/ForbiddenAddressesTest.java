package com.t3chat.llm.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForbiddenAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "127.0.0.1", "127.255.255.254", "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "172.16.5.5",
            "172.31.255.255", "192.168.1.1", "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.255",
            "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1", "198.18.0.1", "192.0.2.1", "203.0.113.9",
            "::", "::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.1.2.3", "::127.0.0.1",
            "::8.8.8.8", "::ffff:0:7f00:1", "64:ff9b::a00:1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1",
            "2002:7f00:1::", "2002:a9fe:a9fe::1", "2002:c0a8:101::", "fe80::1", "febf::1", "fd00::1", "fc00::1",
            "fd00:ec2::254", "ff02::1", "2001:db8::1", "fec0::1", "2001::1", "100::1"})
    void refusesLocalPrivateAndSpecialAddresses(String address) throws UnknownHostException {
        assertThat(ForbiddenAddresses.reason(InetAddress.getByName(address))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "100.128.0.1", "100.63.255.255", "169.253.1.1",
            "11.0.0.1", "192.169.0.1", "2606:4700::1111", "2a00:1450:4001::200e", "64:ff9b::808:808",
            "2002:808:808::", "::ffff:8.8.8.8"})
    void letsPublicAddressesThrough(String address) throws UnknownHostException {
        assertThat(ForbiddenAddresses.reason(InetAddress.getByName(address))).isEmpty();
    }

    @Test
    void judgesTheIpv4InsideIpv6FormsHoweverJavaHoldsThem() throws UnknownHostException {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, (byte) 169,
                (byte) 254};
        InetAddress asIpv6 = Inet6Address.getByAddress(null, mapped, -1);

        assertThat(ForbiddenAddresses.reason(asIpv6)).hasValue("an IPv4-mapped form of "
                + "a link-local address (where cloud metadata is served)");
        assertThat(ForbiddenAddresses.reason(InetAddress.getByName("64:ff9b::c0a8:101")))
                .hasValue("a NAT64 form of a private address");
        assertThat(ForbiddenAddresses.reason(InetAddress.getByName("2002:7f00:1::")))
                .hasValue("a 6to4 form of a loopback address");
    }
}
