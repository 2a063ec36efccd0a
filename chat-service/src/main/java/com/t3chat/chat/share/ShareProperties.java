package com.t3chat.chat.share;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param publicUrl where people open the app (share links point there) */
@ConfigurationProperties("t3chat.shares")
record ShareProperties(@DefaultValue("http://localhost:8080") String publicUrl) {

    String linkTo(String token) {
        return publicUrl.replaceAll("/+$", "") + "/s/" + token;
    }
}
