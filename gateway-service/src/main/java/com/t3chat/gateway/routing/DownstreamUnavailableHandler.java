package com.t3chat.gateway.routing;

import com.t3chat.platform.problem.ProblemTypes;
import com.t3chat.platform.problem.ProblemWriter;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/** A route whose service cannot be reached answers 503 problem+json naming that service. */
@Component
@Order(-3)
class DownstreamUnavailableHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DownstreamUnavailableHandler.class);

    private final ProblemWriter problems;

    DownstreamUnavailableHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null || !unreachable(ex) || exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        log.warn("{} is unreachable: {}", route.getId(), ex.toString());
        exchange.getResponse().getHeaders().set("Retry-After", "5");
        var problem = ProblemTypes.problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE,
                route.getId() + " is unavailable right now. Try again shortly.");
        problem.setProperty("service", route.getId());
        return problems.write(exchange, problem);
    }

    private static boolean unreachable(Throwable ex) {
        for (Throwable t = ex; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
