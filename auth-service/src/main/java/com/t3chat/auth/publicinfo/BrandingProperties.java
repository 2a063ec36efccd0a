package com.t3chat.auth.publicinfo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Set in {@code config-repo/auth-service.yml}. */
@ConfigurationProperties("t3chat.branding")
public record BrandingProperties(@DefaultValue("T3 Chat") String productName, @DefaultValue("") String announcement) {
}
