package com.t3chat.platform.security;

import com.t3chat.platform.problem.ProblemTypes;
import com.t3chat.platform.problem.ProblemWriter;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.JwkSetUriReactiveJwtDecoderBuilderCustomizer;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Every service is a stateless OAuth2 resource server: the JWT decoder comes from Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*} properties (issuer, JWK set, audiences), realm roles
 * become authorities, and 401/403 are problem+json. The decoder's JWK set fetch keeps the last good set (in the
 * service's database, else in {@code t3chat.security.jwk-set-file}) and falls back to it while the identity
 * provider is unreachable ({@link LastGoodJwkSet}).
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

    private static final Logger log = LoggerFactory.getLogger(PlatformSecurityAutoConfiguration.class);
    private static final Duration JWK_SET_FETCH_TIMEOUT = Duration.ofSeconds(10);

    /** Boot builds the decoder (issuer, audiences, algorithms); we give it a JWK set fetch that remembers. */
    @Bean
    JwkSetUriReactiveJwtDecoderBuilderCustomizer lastGoodJwkSetCustomizer(PlatformSecurityProperties properties,
            ApplicationContext context) {
        JwkSetStore store = jwkSetStore(properties, context);
        if (store == null) {
            log.warn("No database and no t3chat.security.jwk-set-file: the JWK set is kept in memory only, so a "
                    + "restart during an identity-provider outage refuses every token");
            return builder -> { };
        }
        WebClient client = WebClient.builder().filter(new LastGoodJwkSet(store, JWK_SET_FETCH_TIMEOUT)).build();
        return builder -> builder.webClient(client);
    }

    private static JwkSetStore jwkSetStore(PlatformSecurityProperties properties, ApplicationContext context) {
        if (ClassUtils.isPresent("org.springframework.r2dbc.core.DatabaseClient",
                PlatformSecurityAutoConfiguration.class.getClassLoader())) {
            JwkSetStore database = DatabaseStores.of(context);
            if (database != null) {
                return database;
            }
        }
        return properties.jwkSetFile() == null ? null : new FileJwkSetStore(properties.jwkSetFile());
    }

    /** Loaded only when R2DBC is on the class path. */
    private static final class DatabaseStores {

        static JwkSetStore of(ApplicationContext context) {
            ObjectProvider<org.springframework.r2dbc.core.DatabaseClient> db =
                    context.getBeanProvider(org.springframework.r2dbc.core.DatabaseClient.class);
            var client = db.getIfAvailable();
            return client == null ? null : new DatabaseJwkSetStore(client);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    ClientAddressResolver clientAddressResolver(PlatformSecurityProperties properties) {
        return new ClientAddressResolver(properties.trustedProxies());
    }

    @Bean
    @ConditionalOnMissingBean(name = "platformSecurityWebFilterChain")
    @Order(Ordered.LOWEST_PRECEDENCE)
    SecurityWebFilterChain platformSecurityWebFilterChain(ServerHttpSecurity http,
            PlatformSecurityProperties properties, ProblemWriter problems, ObjectProvider<ReactiveJwtDecoder> decoders) {
        ReactiveJwtDecoder decoder = decoders.getIfAvailable();
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
                        .jwt(jwt -> {
                            if (decoder != null) {
                                jwt.jwtDecoder(new CachedJwtDecoder(decoder, Clock.systemUTC()));
                            }
                            jwt.jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(jwtConverter));
                        })
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
