package com.t3chat.gateway.web;

import java.net.URI;

/**
 * The Content-Security-Policy of the web app: only our own origin, plus Keycloak's for the token requests the
 * app makes from the browser (code exchange, refresh) and for its sign-in forms. No inline script, no third
 * party. Inline styles are allowed (React's {@code style} attributes, syntax highlighting). No {@code <base>}
 * element may change where relative URLs point ({@code base-uri 'none'}: the app has none).
 */
record ContentSecurityPolicy(String header) {

    /** The policy for a Keycloak realm whose issuer (the URL browsers use) is {@code issuerUri}; none: self only. */
    static ContentSecurityPolicy forIssuer(String issuerUri) {
        String signIn = origin(issuerUri);
        String extra = signIn.isEmpty() ? "" : " " + signIn;
        return new ContentSecurityPolicy(String.join("; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' blob:",
                "font-src 'self'",
                "connect-src 'self'" + extra,
                "form-action 'self'" + extra,
                "frame-ancestors 'none'",
                "base-uri 'none'",
                "object-src 'none'"));
    }

    /** scheme://host[:port] of a URL; empty for none. */
    static String origin(String url) {
        if (url == null || url.isBlank()) {
            return "";
        }
        URI uri = URI.create(url.trim());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("not an absolute URL: " + url);
        }
        String origin = uri.getScheme().toLowerCase() + "://" + uri.getHost().toLowerCase();
        return uri.getPort() < 0 ? origin : origin + ":" + uri.getPort();
    }
}
