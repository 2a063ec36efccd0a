package com.t3chat.platform.security;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The address of the client a request comes from, for per-address limits. It is the connection's peer, unless that
 * peer is a trusted proxy ({@code t3chat.security.trusted-proxies}, CIDRs): then {@code X-Forwarded-For} is read from
 * the right, skipping trusted proxies, and the first address that is not one is the client. Whatever a client wrote
 * into the header itself sits to the left of that and is never believed; a caller that reaches a service directly
 * (not through a trusted proxy) cannot choose its address at all.
 */
public final class ClientAddressResolver {

    public static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final List<Cidr> trusted;

    /** @throws IllegalArgumentException when an entry is not an IP address or CIDR */
    public ClientAddressResolver(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(String::strip).filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
    }

    /** The client's address as text (normalised, e.g. {@code 2001:db8:0:0:0:0:0:1}); {@code "unknown"} without a peer. */
    public String resolve(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote == null ? null : remote.getAddress();
        return resolve(peer, request.getHeaders().get(X_FORWARDED_FOR));
    }

    String resolve(InetAddress peer, List<String> forwardedFor) {
        if (peer == null) {
            return "unknown";
        }
        InetAddress client = peer;
        if (isTrusted(peer) && forwardedFor != null) {
            List<String> hops = forwardedFor.stream().flatMap(line -> List.of(line.split(",")).stream())
                    .map(String::strip).toList();
            for (int i = hops.size() - 1; i >= 0; i--) {
                Optional<InetAddress> hop = parse(hops.get(i));
                if (hop.isEmpty()) {
                    break; // garbage: keep the last address we could trust to have been written by a proxy
                }
                client = hop.get();
                if (!isTrusted(client)) {
                    break;
                }
            }
        }
        return client.getHostAddress();
    }

    /** Whether this address is one of the trusted proxies. */
    public boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(cidr -> cidr.contains(address));
    }

    /** An IP literal (IPv4, IPv6, optionally in brackets); never a host name, so never a DNS lookup. */
    static Optional<InetAddress> parse(String text) {
        String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean ipv4 = IPV4.matcher(literal).matches();
        boolean ipv6 = literal.indexOf(':') >= 0 && literal.chars().allMatch(c -> Character.digit(c, 16) >= 0
                || c == ':' || c == '.' || c == '%');
        if (!ipv4 && !ipv6) {
            return Optional.empty();
        }
        if (ipv4) {
            for (String octet : literal.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            return Optional.of(InetAddress.getByName(literal)); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * An address block ({@code 10.0.0.0/8}, {@code fd00::/8}; a bare address is a block of one). Spring Security's
     * {@code IpAddressMatcher} does this too but drags the servlet API in, which reactive services do not have.
     */
    private record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            InetAddress network = ClientAddressResolver.parse(address)
                    .orElseThrow(() -> new IllegalArgumentException("not an IP address block: " + text));
            int bits = network.getAddress().length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IP address block: " + text, e);
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("not an IP address block: " + text);
            }
            return new Cidr(network.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (candidate[whole] & mask) == (network[whole] & mask);
        }
    }
}
