package com.t3chat.attachment.mediatype;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param allowedTypes the media types a person may upload, as the content is detected (Tika's names; an alias such
 *                     as {@code text/x-markdown} means its canonical type). Anything else is refused with 415.
 */
@ConfigurationProperties("t3chat.attachments")
public record MediaTypeProperties(List<String> allowedTypes) {

    public MediaTypeProperties {
        if (allowedTypes == null || allowedTypes.isEmpty()) {
            throw new IllegalArgumentException("t3chat.attachments.allowed-types must list at least one media type");
        }
        allowedTypes = List.copyOf(allowedTypes);
    }
}
