package com.t3chat.llm.egress;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where provider traffic may go. Base URLs the operator configured are trusted ({@link #unrestricted()}); base URLs
 * a user typed in are not ({@link #forUserUrls}): they could point the server at itself, at the network behind it or
 * at the cloud's metadata service (server-side request forgery).
 *
 * <p>For user URLs two things are checked. {@link #check(URI)} judges the URL as written: http or https, no user
 * info, a real host name, and a literal IP address must not be in a {@linkplain ForbiddenAddresses forbidden range}.
 * Host names are judged later, when the connection is made, by the address they resolve to (so a name that resolves
 * to a private address, or that starts doing so after it was saved, is refused too).
 *
 * <p>The operator's allow-list ({@code host} or {@code host:port}, e.g. {@code localhost:11434} for a local Ollama)
 * lifts the address rules for exactly those destinations.
 */
public final class EgressPolicy {

    /** Names that reach a cloud's instance metadata (and its credentials) without a link-local address. */
    private static final Set<String> METADATA_HOSTS = Set.of(
            "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal");

    /** A host in numeric form: a last label of digits or hex, like {@code 2130706433} or {@code 127.0.0.1}. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(?:.*\\.)?(?:[0-9]+|0x[0-9a-f]*)");

    /** The one way to write an IPv4 address we accept: four decimal parts without leading zeros. */
    private static final Pattern DOTTED_QUAD = Pattern.compile("(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
            + "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");

    private record AllowedHost(String host, int port) {

        boolean matches(String otherHost, int otherPort) {
            return host.equals(otherHost) && (port == -1 || port == otherPort);
        }
    }

    private static final EgressPolicy UNRESTRICTED = new EgressPolicy(false, List.of());

    private final boolean enforced;
    private final List<AllowedHost> allowedHosts;

    private EgressPolicy(boolean enforced, List<AllowedHost> allowedHosts) {
        this.enforced = enforced;
        this.allowedHosts = allowedHosts;
    }

    /** For the operator's own configured endpoints: any http or https URL. */
    public static EgressPolicy unrestricted() {
        return UNRESTRICTED;
    }

    /**
     * For URLs users supply.
     *
     * @param allowedHosts destinations exempt from the address rules: {@code host} (any port) or {@code host:port},
     *                     IPv6 in brackets ({@code [::1]:11434})
     * @throws IllegalArgumentException for an entry that is not a host or host:port
     */
    public static EgressPolicy forUserUrls(Collection<String> allowedHosts) {
        return new EgressPolicy(true, allowedHosts.stream().map(EgressPolicy::allowedHost).toList());
    }

    /** Whether this policy refuses forbidden destinations (false for the operator's endpoints). */
    public boolean enforced() {
        return enforced;
    }

    /**
     * Judges a URL as written, before it is saved or used.
     *
     * @return why the URL is refused, readable by the user who typed it; empty when it is acceptable
     */
    public Optional<String> check(String url) {
        try {
            return check(new URI(url.strip()));
        } catch (URISyntaxException e) {
            return Optional.of("it is not a valid URL");
        }
    }

    /**
     * Judges a URL as written: see the class comment. Host names that pass are judged again by their addresses when
     * a connection is made.
     *
     * @return why the URL is refused, readable by the user who typed it; empty when it is acceptable
     */
    public Optional<String> check(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("only http and https URLs are allowed");
        }
        String authority = url.getRawAuthority();
        if (authority != null && authority.contains("@")) {
            return Optional.of("a user name or password in the URL is not allowed");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            return Optional.of("the URL has no valid host name");
        }
        if (url.getPort() == 0 || url.getPort() > 65535) {
            return Optional.of("the port is out of range");
        }
        if (!enforced) {
            return Optional.empty();
        }
        String host = hostOf(url);
        if (allowListed(host, portOf(url))) {
            return Optional.empty();
        }
        Optional<String> byName = refusalOfName(host);
        if (byName.isPresent()) {
            return byName;
        }
        if (url.getHost().startsWith("[")) {
            // the zone (fe80::1%25eth0) names an interface, not another address: judge the address without it
            String bracketed = url.getHost().replaceFirst("%.*]$", "]");
            return literal(bracketed).map(address -> refusal(address).map(what -> "it is " + what))
                    .orElse(Optional.of("the IPv6 address is not valid"));
        }
        if (NUMERIC_HOST.matcher(host).matches()) {
            if (!DOTTED_QUAD.matcher(host).matches()) {
                return Optional.of("a numeric host must be written as a plain dotted IPv4 address");
            }
            return literal(host).flatMap(this::refusal).map(what -> "it is " + what);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return enforced ? "EgressPolicy[user URLs, allowed " + allowedHosts + "]" : "EgressPolicy[unrestricted]";
    }

    /** Whether the operator exempted this destination from the address rules. */
    boolean allowListed(String host, int port) {
        return allowedHosts.stream().anyMatch(allowed -> allowed.matches(host, port));
    }

    /** Why this host name may not be reached whatever it resolves to; empty when only its addresses decide. */
    Optional<String> refusalOfName(String host) {
        if (METADATA_HOSTS.contains(host)) {
            return Optional.of("it is a cloud metadata service");
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return Optional.of("it is this machine");
        }
        return Optional.empty();
    }

    /** Why this address may not be reached; always empty for an unrestricted policy. */
    Optional<String> refusal(InetAddress address) {
        return enforced ? ForbiddenAddresses.reason(address) : Optional.empty();
    }

    /** The host as compared with the allow-list: lower case, no IPv6 brackets, no trailing dot. */
    static String hostOf(URI url) {
        return normalize(url.getHost());
    }

    /** The port a URL connects to. */
    static int portOf(URI url) {
        if (url.getPort() != -1) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    static String normalize(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** A literal address, parsed without a DNS lookup (the callers pass only literals). */
    private static Optional<InetAddress> literal(String host) {
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static AllowedHost allowedHost(String entry) {
        String value = entry.strip().toLowerCase(Locale.ROOT);
        String host = value;
        String port = null;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || (close < value.length() - 1 && value.charAt(close + 1) != ':')) {
                throw new IllegalArgumentException("not a host or host:port: " + entry);
            }
            host = value.substring(1, close);
            port = close < value.length() - 1 ? value.substring(close + 2) : null;
        } else if (value.indexOf(':') > 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            host = value.substring(0, value.indexOf(':'));
            port = value.substring(value.indexOf(':') + 1);
        }
        if (host.isEmpty() || host.contains("/") || host.contains("@")) {
            throw new IllegalArgumentException("not a host or host:port: " + entry);
        }
        try {
            int number = port == null ? -1 : Integer.parseInt(port);
            if (port != null && (number < 1 || number > 65535)) {
                throw new IllegalArgumentException("port out of range in " + entry);
            }
            return new AllowedHost(normalize(host), number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a host or host:port: " + entry, e);
        }
    }
}
