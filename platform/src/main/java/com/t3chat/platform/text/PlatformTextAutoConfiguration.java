package com.t3chat.platform.text;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/** {@link TextRule} at the edge of every reactive service: JSON request bodies, path, query and form. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class PlatformTextAutoConfiguration {

    @Bean
    RequestTextFilter requestTextFilter() {
        return new RequestTextFilter();
    }

    @Bean
    TextRuleCodecs textRuleCodecs(ObjectProvider<JsonMapper> applicationMapper) {
        return new TextRuleCodecs(applicationMapper.getIfAvailable(() -> JsonMapper.builder().build()));
    }
}
