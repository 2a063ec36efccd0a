package com.t3chat.platform.security;

import com.t3chat.platform.problem.ProblemTypes;
import com.t3chat.platform.problem.ProblemWriter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What Spring Security's firewall refuses answers problem+json instead of an empty body: a method outside
 * {@link #ALLOWED_METHODS} (TRACE, PROPFIND, anything made up) is {@code 405 method-not-allowed} with
 * {@code Allow}; everything else (an encoded {@code /}, {@code .}, {@code %} or NUL in the path, a path that is
 * not normalised, control characters in a header or a parameter name) is {@code 400 request-rejected}.
 */
public class RejectedRequestHandler implements ServerExchangeRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(RejectedRequestHandler.class);

    /** The methods any of our services answers; the firewall refuses the others before a handler is looked up. */
    public static final List<HttpMethod> ALLOWED_METHODS = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
            HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

    private final ProblemWriter problems;

    public RejectedRequestHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    /** Spring Security's strict firewall with our method list spelled out. */
    public static StrictServerWebExchangeFirewall firewall() {
        var firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowedHttpMethods(Set.copyOf(ALLOWED_METHODS));
        return firewall;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
        log.debug("{} {} refused by the firewall: {}", exchange.getRequest().getMethod(),
                exchange.getRequest().getURI().getRawPath(), rejected.getMessage());
        HttpMethod method = exchange.getRequest().getMethod();
        if (!ALLOWED_METHODS.contains(method)) {
            exchange.getResponse().getHeaders().set(HttpHeaders.ALLOW,
                    ALLOWED_METHODS.stream().map(HttpMethod::name).collect(Collectors.joining(", ")));
            return problems.write(exchange, ProblemTypes.problem(HttpStatus.METHOD_NOT_ALLOWED,
                    "The method " + method.name() + " is not supported."));
        }
        return problems.write(exchange, ProblemTypes.problem(HttpStatus.BAD_REQUEST, ProblemTypes.REQUEST_REJECTED,
                "The request was refused: its address, a parameter name or a header contains a character or "
                        + "sequence that is not allowed (such as an encoded '/', '.', '%' or NUL in the path)."));
    }
}
