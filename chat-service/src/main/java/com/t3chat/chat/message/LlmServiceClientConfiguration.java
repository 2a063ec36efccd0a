package com.t3chat.chat.message;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

@Configuration(proxyBeanMethods = false)
class LlmServiceClientConfiguration {

    @Bean
    LlmServiceClient llmServiceClient(ObjectProvider<WebClient.Builder> builder,
            @Value("${t3chat.services.llm:http://localhost:8083}") String llmServiceUrl) {
        WebClient llm = builder.getIfAvailable(WebClient::builder).baseUrl(llmServiceUrl).build();
        return HttpServiceProxyFactory.builderFor(WebClientAdapter.create(llm)).build()
                .createClient(LlmServiceClient.class);
    }
}
