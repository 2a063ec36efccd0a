package com.t3chat.chat.share;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param publicUrl         where people open the app (share links point there)
 * @param lookupsPerMinute  how many {@code GET /api/shares/{token}} one client address may make per minute (per
 *                          replica; see {@link ShareLookupLimit})
 */
@Validated
@ConfigurationProperties("t3chat.shares")
record ShareProperties(@DefaultValue("http://localhost:8080") String publicUrl,
        @DefaultValue("30") @Min(1) int lookupsPerMinute) {

    String linkTo(String token) {
        return publicUrl.replaceAll("/+$", "") + "/s/" + token;
    }
}
