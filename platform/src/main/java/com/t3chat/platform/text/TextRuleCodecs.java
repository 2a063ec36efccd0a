package com.t3chat.platform.text;

import org.springframework.core.Ordered;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's JSON decoder (request bodies of controllers and functional endpoints) reads with a copy of the
 * application's {@link JsonMapper} that has the {@link TextRuleModule}. Clients (WebClient) and Kafka keep the
 * plain mapper. Ordered after Boot's own configurer, which sets the default Jackson decoder.
 */
class TextRuleCodecs implements WebFluxConfigurer, Ordered {

    private final JsonMapper mapper;

    TextRuleCodecs(JsonMapper applicationMapper) {
        this.mapper = applicationMapper.rebuild().addModule(new TextRuleModule()).build();
    }

    @Override
    public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
        configurer.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(mapper));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
