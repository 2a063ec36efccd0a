package com.t3chat.llm.key;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The master keys that seal users' provider keys ({@code t3chat.vault}), from the environment only.
 *
 * @param masterKeys  {@code <id>:<base64 of 32 random bytes>}, comma-separated; old ids stay listed until rotation
 *                    has re-sealed everything under the active one ({@code T3CHAT_VAULT_KEYS})
 * @param activeKeyId the id new values are sealed with; blank: the first listed ({@code T3CHAT_VAULT_ACTIVE_KEY})
 */
@Validated
@ConfigurationProperties("t3chat.vault")
public record VaultProperties(@NotBlank(message = "is not set: give llm-service T3CHAT_VAULT_KEYS=<id>:<base64 of 32 "
        + "random bytes> (e.g. `echo k1:$(openssl rand -base64 32)`)") String masterKeys, String activeKeyId) {

    @Override
    public String toString() {
        return "VaultProperties[masterKeys=(hidden), activeKeyId=" + activeKeyId + "]";
    }
}
