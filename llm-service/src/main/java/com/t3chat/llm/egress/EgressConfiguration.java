package com.t3chat.llm.egress;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two ways out, as beans: {@value SafeHttpClients#FOR_USER_URLS} for base URLs users supply (the policy is
 * enforced, the operator's allow-list applies) and {@value SafeHttpClients#FOR_OPERATOR_ENDPOINTS} for the
 * providers configured here. Inject one with {@code @Qualifier(SafeHttpClients.FOR_USER_URLS)}.
 */
@Configuration(proxyBeanMethods = false)
class EgressConfiguration {

    @Bean(name = SafeHttpClients.FOR_USER_URLS, destroyMethod = "close")
    SafeHttpClients userUrlHttpClients(EgressProperties properties) {
        return new SafeHttpClients(EgressPolicy.forUserUrls(properties.allowedHosts()), pools(properties));
    }

    @Bean(name = SafeHttpClients.FOR_OPERATOR_ENDPOINTS, destroyMethod = "close")
    SafeHttpClients operatorHttpClients(EgressProperties properties) {
        return new SafeHttpClients(EgressPolicy.unrestricted(), pools(properties));
    }

    private static SafeHttpClients.Pools pools(EgressProperties properties) {
        return new SafeHttpClients.Pools(properties.connectTimeout(), properties.poolWait(),
                properties.maxConnectionsPerHost(), properties.maxConnectionsByHost(),
                properties.http2StreamsPerHost());
    }
}
