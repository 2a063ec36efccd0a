package com.t3chat.config.security;

import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Every service's configuration is only for the services: HTTP Basic with the one client identity
 * ({@link ConfigServerSecurityProperties}); health and info stay open for probes. A refusal is a 401 problem+json,
 * not a login page.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConfigServerSecurityProperties.class)
class ConfigServerSecurity {

    private static final String UNAUTHORIZED = """
            {"type":"urn:t3chat:problem:unauthorized","title":"Unauthorized","status":401,\
            "detail":"The config server answers only services that present its credentials."}""";

    @Bean
    SecurityFilterChain configServerSecurityFilterChain(HttpSecurity http) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, ex) -> {
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"config-server\"");
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getOutputStream().write(UNAUTHORIZED.getBytes(StandardCharsets.UTF_8));
        };
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(unauthorized))
                .csrf(csrf -> csrf.disable()) // no browser, no cookies: only Basic-authenticated service calls
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .anonymous(Customizer.withDefaults())
                .build();
    }

    /**
     * Spring Security's firewall refuses an unknown method (BREW) with a 400; the method is well formed, so it
     * should be the same 405 problem Tomcat and Spring MVC give TRACE or DELETE. No rule here depends on the
     * method, so letting every method reach the dispatcher opens nothing.
     */
    @Bean
    WebSecurityCustomizer anyMethodReachesTheDispatcher() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setUnsafeAllowAnyHttpMethod(true);
        return web -> web.httpFirewall(firewall);
    }

    @Bean
    UserDetailsService configClients(ConfigServerSecurityProperties properties) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(properties.username())
                .password(encoder.encode(properties.password()))
                .roles("CONFIG_CLIENT")
                .build());
    }
}
