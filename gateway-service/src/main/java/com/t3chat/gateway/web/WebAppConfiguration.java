package com.t3chat.gateway.web;

import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The web app at the gateway's root: its routes (ahead of the gateway's route table, but never for {@code /api/**})
 * and its own security chain — public, with the Content-Security-Policy and the other browser headers — put in
 * front of the platform's token-checking chain, which keeps guarding everything else.
 */
@Configuration(proxyBeanMethods = false)
class WebAppConfiguration {

    @Bean
    WebAppHandler webAppHandler(WebAppProperties properties, ResourceLoader resources) {
        return new WebAppHandler(resources.getResource(properties.location()), properties.rootFileMaxAge());
    }

    @Bean
    RouterFunction<ServerResponse> webAppRoutes(WebAppHandler handler) {
        RequestPredicate app = request -> WebAppPaths.isAppRequest(request.exchange().getRequest());
        return RouterFunctions.route()
                .route(app.and(RequestPredicates.path(WebAppPaths.ASSETS + "**")), handler::asset)
                .route(app, handler::page)
                .build();
    }

    @Bean
    ContentSecurityPolicy contentSecurityPolicy(OAuth2ResourceServerProperties resourceServer) {
        return ContentSecurityPolicy.forIssuer(resourceServer.getJwt().getIssuerUri());
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain webAppSecurityWebFilterChain(ServerHttpSecurity http, ContentSecurityPolicy policy) {
        ServerWebExchangeMatcher appRequests = exchange -> WebAppPaths.isAppRequest(exchange.getRequest())
                ? ServerWebExchangeMatcher.MatchResult.match()
                : ServerWebExchangeMatcher.MatchResult.notMatch();
        return http
                .securityMatcher(appRequests)
                .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                // Cache-Control stays as the handler sets it (Spring's no-store only fills in where none is set)
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(policy.header()))
                        .frameOptions(frame -> frame.mode(XFrameOptionsServerHttpHeadersWriter.Mode.DENY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        .contentTypeOptions(options -> { }))
                .build();
    }
}
