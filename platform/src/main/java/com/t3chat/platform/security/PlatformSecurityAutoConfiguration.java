package com.t3chat.platform.security;

import com.t3chat.platform.problem.ProblemTypes;
import com.t3chat.platform.problem.ProblemWriter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * Every service is a stateless OAuth2 resource server: the JWT decoder comes from Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*} properties (issuer, JWK set, audiences), realm roles
 * become authorities, and 401/403 are problem+json.
 *
 * <p>This chain is the last one and matches every request. A service may put a chain of its own in front of it
 * for requests that are not its API (with a {@code securityMatcher} and a higher {@code @Order}): the gateway
 * does so for the web app it serves.
 */
@AutoConfiguration(before = {ReactiveWebSecurityAutoConfiguration.class,
        ReactiveOAuth2ResourceServerAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableWebFluxSecurity
@EnableConfigurationProperties(PlatformSecurityProperties.class)
public class PlatformSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "platformSecurityWebFilterChain")
    @Order(Ordered.LOWEST_PRECEDENCE)
    SecurityWebFilterChain platformSecurityWebFilterChain(ServerHttpSecurity http,
            PlatformSecurityProperties properties, ProblemWriter problems) {
        var jwtConverter = new JwtAuthenticationConverter();
        jwtConverter.setJwtGrantedAuthoritiesConverter(new RealmRoleConverter());

        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchanges -> {
                    exchanges.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll();
                    // the API description is public: it documents, it reveals no data
                    exchanges.pathMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**").permitAll();
                    for (String entry : properties.publicPaths()) {
                        permit(exchanges, entry.trim());
                    }
                    exchanges.anyExchange().authenticated();
                })
                .oauth2ResourceServer(oauth2 -> oauth2
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(
                                new ReactiveJwtAuthenticationConverterAdapter(jwtConverter)))
                        .authenticationEntryPoint((exchange, ex) -> {
                            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                            return problems.write(exchange, ProblemTypes.problem(HttpStatus.UNAUTHORIZED,
                                    ex instanceof InvalidBearerTokenException
                                            ? "The bearer token is invalid or has expired."
                                            : "A bearer token is required."));
                        })
                        .accessDeniedHandler((exchange, ex) -> problems.write(exchange,
                                ProblemTypes.problem(HttpStatus.FORBIDDEN,
                                        "You are not allowed to do this."))))
                .build();
    }

    /** Spring Security's strict firewall, with the methods we answer listed in one place. */
    @Bean
    @ConditionalOnMissingBean
    ServerWebExchangeFirewall platformFirewall() {
        return RejectedRequestHandler.firewall();
    }

    /** What the firewall refuses answers problem+json (400 request-rejected, 405 for an unknown method). */
    @Bean
    @ConditionalOnMissingBean
    ServerExchangeRejectedHandler platformRejectedRequestHandler(ProblemWriter problems) {
        return new RejectedRequestHandler(problems);
    }

    private static void permit(ServerHttpSecurity.AuthorizeExchangeSpec exchanges, String entry) {
        int space = entry.indexOf(' ');
        if (space < 0) {
            exchanges.pathMatchers(entry).permitAll();
        } else {
            exchanges.pathMatchers(HttpMethod.valueOf(entry.substring(0, space)), entry.substring(space + 1).trim())
                    .permitAll();
        }
    }
}
