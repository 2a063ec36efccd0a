package com.t3chat.gateway.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web app the gateway serves ({@code t3chat.web}).
 *
 * @param location        where the built app is (its {@code index.html} and {@code assets/}): the {@code web}
 *                        module's jar puts it on the classpath at {@code classpath:/t3chat-web/}
 * @param rootFileMaxAge  how long browsers may keep the unhashed files at the root ({@code favicon.svg}, …);
 *                        hashed assets are kept a year, {@code index.html} is revalidated every time
 */
@ConfigurationProperties("t3chat.web")
public record WebAppProperties(
        @DefaultValue("classpath:/t3chat-web/") String location,
        @DefaultValue("1h") Duration rootFileMaxAge) {

    public WebAppProperties {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("t3chat.web.location must name a folder");
        }
        if (rootFileMaxAge == null || rootFileMaxAge.isNegative()) {
            throw new IllegalArgumentException("t3chat.web.root-file-max-age must be zero or positive");
        }
        location = location.endsWith("/") ? location : location + "/";
    }
}
