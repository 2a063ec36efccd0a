package com.t3chat.gateway.routing;

import com.t3chat.platform.security.ClientAddressResolver;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * What the services read as the client's address ({@code X-Forwarded-For}) is set here, to one address: the peer of
 * the gateway's connection, or — when that peer is a trusted proxy in front (an ingress,
 * {@code t3chat.security.trusted-proxies} of the gateway, none by default) — the client it names. A client-chosen
 * header never passes as truth: Spring Cloud Gateway drops every incoming {@code X-Forwarded-*} header (its
 * {@code trusted-proxies} setting is left unset on purpose, see {@code config-repo/gateway-service.yml}), and this
 * filter, after it, writes the one value the services believe (they trust the gateway as a proxy).
 */
@Component
class ClientAddressHeaderFilter implements HttpHeadersFilter, Ordered {

    private final ClientAddressResolver clientAddresses;

    ClientAddressHeaderFilter(ClientAddressResolver clientAddresses) {
        this.clientAddresses = clientAddresses;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(input);
        headers.set(ClientAddressResolver.X_FORWARDED_FOR, clientAddresses.resolve(exchange.getRequest()));
        return headers;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after the gateway's own X-Forwarded-* handling
    }
}
