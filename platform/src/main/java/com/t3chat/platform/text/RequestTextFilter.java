package com.t3chat.platform.text;

import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Applies {@link TextRule} to what a request carries outside its JSON body: the decoded path segments (field
 * {@code path}), every query parameter's name and values (field = the parameter's name) and, when something reads
 * it, a form body. A query string that is not validly percent-encoded ({@code ?q=%zz}) is refused here too, instead
 * of failing later inside whatever reads it first.
 *
 * <p>It runs right after the security filter chain: Spring Security's firewall has already refused what it refuses
 * (encoded {@code /}, {@code .}, {@code %} or NUL in the path, unknown methods), and the form check is lazy, so the
 * gateway never consumes a body it only passes on.
 */
public class RequestTextFilter implements WebFilter, Ordered {

    /** Just after Spring Security's {@code WebFilterChainProxy} (-100). */
    public static final int ORDER = -99;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        for (PathContainer.Element element : request.getPath().pathWithinApplication().elements()) {
            if (element instanceof PathContainer.PathSegment segment) {
                Optional<String> violation = TextRule.violation(segment.valueToMatch());
                if (violation.isPresent()) {
                    return Mono.error(ApiProblem.invalidField("path", violation.get()));
                }
            }
        }
        MultiValueMap<String, String> query;
        try {
            query = request.getQueryParams();
        } catch (IllegalArgumentException malformed) {
            return Mono.error(new ApiProblem(HttpStatus.BAD_REQUEST, ProblemTypes.REQUEST_REJECTED,
                    "The query string is not validly percent-encoded."));
        }
        Optional<ApiProblem> refused = check(query);
        if (refused.isPresent()) {
            return Mono.error(refused.get());
        }
        return chain.filter(new CheckedForm(exchange));
    }

    static Optional<ApiProblem> check(MultiValueMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            Optional<String> violation = TextRule.violation(name);
            if (violation.isPresent()) {
                return Optional.of(ApiProblem.invalidField(TextRule.printable(name), "the name " + violation.get()));
            }
            for (String value : parameter.getValue()) {
                violation = TextRule.violation(value);
                if (violation.isPresent()) {
                    return Optional.of(ApiProblem.invalidField(name, violation.get()));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** Checks a form body only when the application reads it (nothing is consumed otherwise). */
    private static final class CheckedForm extends ServerWebExchangeDecorator {

        CheckedForm(ServerWebExchange delegate) {
            super(delegate);
        }

        @Override
        public Mono<MultiValueMap<String, String>> getFormData() {
            return super.getFormData().flatMap(form -> {
                Optional<ApiProblem> refused = check(form);
                return refused.isPresent() ? Mono.error(refused.get()) : Mono.just(form);
            });
        }
    }
}
