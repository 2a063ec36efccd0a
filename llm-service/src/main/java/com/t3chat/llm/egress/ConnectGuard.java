package com.t3chat.llm.egress;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.io.DetachedSocketFactory;

/**
 * Enforces an {@link EgressPolicy} where Apache HttpClient opens connections, so what is checked is what is
 * connected to: the name is resolved once here, every address it resolves to is judged (one forbidden address
 * refuses the name, so a mixed answer cannot slip through on a retry), and the socket judges the address again at
 * the moment it connects. No second lookup happens in between, so a DNS answer that changes between check and use
 * (rebinding) is never connected to unchecked.
 *
 * <p>Refusals are {@link EgressRefusedException}s, thrown before any packet is sent to the address: a private
 * address that nothing answers on is refused at once, not after a connect timeout.
 */
final class ConnectGuard implements DnsResolver, DetachedSocketFactory {

    /** How names become addresses; a seam for tests, {@code InetAddress::getAllByName} otherwise. */
    @FunctionalInterface
    interface Lookup {

        InetAddress[] addresses(String host) throws UnknownHostException;
    }

    private final EgressPolicy policy;
    private final Lookup lookup;

    ConnectGuard(EgressPolicy policy, Lookup lookup) {
        this.policy = policy;
        this.lookup = lookup;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = EgressPolicy.normalize(host);
        policy.refusalOfName(name).ifPresent(reason -> {
            throw new EgressRefusedException(host, reason);
        });
        InetAddress[] addresses = lookup.addresses(host);
        for (InetAddress address : addresses) {
            policy.refusal(address).ifPresent(what -> {
                throw new EgressRefusedException(host, resolvesTo(host, address, what));
            });
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        // only used for SPNEGO authentication, which these clients never do: no reverse lookups
        return host;
    }

    @Override
    public Socket create(Proxy proxy) {
        if (proxy != null && proxy.type() != Proxy.Type.DIRECT) {
            throw new EgressRefusedException(null, "connections through a proxy are not supported");
        }
        return new GuardedSocket();
    }

    private String resolvesTo(String host, InetAddress address, String what) {
        // a literal address is the host itself; for a name, the address it resolved to stays on the server
        String name = EgressPolicy.normalize(host);
        boolean literal = name.contains(":") || name.equals(address.getHostAddress());
        return literal ? "it is " + what : "it resolves to " + what;
    }

    /** A socket that refuses to connect to a forbidden address, whoever asks it to. */
    private final class GuardedSocket extends Socket {

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress inet) || inet.isUnresolved()) {
                throw new EgressRefusedException(null, "the destination has no resolved address");
            }
            InetAddress address = inet.getAddress();
            policy.refusal(address).ifPresent(what -> {
                throw new EgressRefusedException(inet.getHostString(), resolvesTo(inet.getHostString(), address, what));
            });
            super.connect(endpoint, timeout);
        }
    }
}
