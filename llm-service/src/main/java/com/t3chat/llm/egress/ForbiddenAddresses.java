package com.t3chat.llm.egress;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The addresses a user-supplied endpoint may never reach: this machine, the private networks around it, link-local
 * space (where clouds serve instance metadata and credentials), multicast and the special-purpose ranges. IPv6 forms
 * that carry an IPv4 address (IPv4-mapped, IPv4-translated, NAT64, 6to4) are judged by the IPv4 address inside them;
 * the deprecated forms that hide one (IPv4-compatible, Teredo, local-use NAT64) are refused outright.
 *
 * <p>Works on the address bytes, so it does not matter how the address was written or which {@link InetAddress}
 * subclass holds it.
 */
final class ForbiddenAddresses {

    private record Range(int network, int prefix, String what) {

        boolean contains(int address) {
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            return (address & mask) == (network & mask);
        }
    }

    private static final List<Range> IPV4 = List.of(
            range(0, 0, 0, 0, 8, "a \"this network\" address"),
            range(10, 0, 0, 0, 8, "a private address"),
            range(100, 64, 0, 0, 10, "a carrier-grade NAT address"),
            range(127, 0, 0, 0, 8, "a loopback address"),
            range(169, 254, 0, 0, 16, "a link-local address (where cloud metadata is served)"),
            range(172, 16, 0, 0, 12, "a private address"),
            range(192, 0, 0, 0, 24, "an IETF protocol address"),
            range(192, 0, 2, 0, 24, "a documentation address"),
            range(192, 88, 99, 0, 24, "a 6to4 relay address"),
            range(192, 168, 0, 0, 16, "a private address"),
            range(198, 18, 0, 0, 15, "a benchmarking address"),
            range(198, 51, 100, 0, 24, "a documentation address"),
            range(203, 0, 113, 0, 24, "a documentation address"),
            range(224, 0, 0, 0, 4, "a multicast address"),
            range(240, 0, 0, 0, 4, "a reserved or broadcast address"));

    private ForbiddenAddresses() {
    }

    /**
     * @return why the address may not be reached (e.g. "a loopback address"), or empty when it may
     */
    static Optional<String> reason(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? ipv4(bytes, 0) : ipv6(bytes);
    }

    private static Optional<String> ipv4(byte[] bytes, int offset) {
        int address = (bytes[offset] & 0xff) << 24 | (bytes[offset + 1] & 0xff) << 16
                | (bytes[offset + 2] & 0xff) << 8 | (bytes[offset + 3] & 0xff);
        return IPV4.stream().filter(range -> range.contains(address)).map(Range::what).findFirst();
    }

    private static Optional<String> ipv6(byte[] b) {
        if (zeros(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return ipv4(b, 12).map(what -> "an IPv4-mapped form of " + what);
        }
        if (zeros(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && b[10] == 0 && b[11] == 0) {
            return ipv4(b, 12).map(what -> "an IPv4-translated form of " + what);
        }
        if (zeros(b, 0, 12)) {
            if (zeros(b, 12, 15) && b[15] == 0) {
                return Optional.of("the unspecified address");
            }
            if (zeros(b, 12, 15) && b[15] == 1) {
                return Optional.of("a loopback address");
            }
            return Optional.of("an IPv4-compatible IPv6 address (deprecated, never routed)");
        }
        int first = (b[0] & 0xff) << 8 | (b[1] & 0xff);
        int second = (b[2] & 0xff) << 8 | (b[3] & 0xff);
        if (first == 0x0064 && second == 0xff9b && zeros(b, 4, 12)) {
            return ipv4(b, 12).map(what -> "a NAT64 form of " + what);
        }
        if (first == 0x0064 && second == 0xff9b && b[4] == 0 && b[5] == 1) {
            return Optional.of("a local-use NAT64 address");
        }
        if (first == 0x2002) {
            return ipv4(b, 2).map(what -> "a 6to4 form of " + what);
        }
        if (first == 0x2001 && second == 0x0000) {
            return Optional.of("a Teredo tunnel address");
        }
        if (first == 0x2001 && second == 0x0db8) {
            return Optional.of("a documentation address");
        }
        if (first == 0x2001 && second == 0x0002 && b[4] == 0 && b[5] == 0) {
            return Optional.of("a benchmarking address");
        }
        if (first == 0x0100 && zeros(b, 2, 8)) {
            return Optional.of("a discard-only address");
        }
        if ((first & 0xfe00) == 0xfc00) {
            return Optional.of("a unique-local (private) address");
        }
        if ((first & 0xffc0) == 0xfe80) {
            return Optional.of("a link-local address");
        }
        if ((first & 0xffc0) == 0xfec0) {
            return Optional.of("a site-local address");
        }
        if ((first & 0xff00) == 0xff00) {
            return Optional.of("a multicast address");
        }
        return Optional.empty();
    }

    private static boolean zeros(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Range range(int a, int b, int c, int d, int prefix, String what) {
        return new Range(a << 24 | b << 16 | c << 8 | d, prefix, what);
    }
}
