package com.t3chat.llm.provider;

import jakarta.validation.Valid;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operator's provider endpoints and system keys ({@code t3chat.providers.<provider>}). System keys come from the
 * environment; a provider without one answers only with users' own keys.
 */
@Validated
@ConfigurationProperties("t3chat.providers")
public record ProvidersProperties(
        @Valid @DefaultValue Provider openai,
        @Valid @DefaultValue Provider anthropic,
        @Valid @DefaultValue Provider gemini,
        @Valid @DefaultValue Provider openrouter,
        @Valid @DefaultValue Provider ollama,
        @Valid @DefaultValue Provider openaiCompatible,
        @DefaultValue("10m") Duration listingCacheFor) {

    public Provider of(ProviderId provider) {
        return switch (provider) {
            case OPENAI -> openai;
            case ANTHROPIC -> anthropic;
            case GEMINI -> gemini;
            case OPENROUTER -> openrouter;
            case OLLAMA -> ollama;
            case OPENAI_COMPATIBLE -> openaiCompatible;
        };
    }

    /**
     * @param baseUrl    the operator's endpoint (users' keys without a base URL of their own go here too); blank:
     *                   none (then a user must give one, where the provider has no public endpoint)
     * @param systemKey  the operator's key; blank: no system key. Never sent to a URL a user chose.
     * @param listModels whether the endpoint's own model list joins the catalogue (cached)
     */
    public record Provider(String baseUrl, String systemKey, @DefaultValue("false") boolean listModels) {

        public boolean hasBaseUrl() {
            return baseUrl != null && !baseUrl.isBlank();
        }

        /** Whether the operator configured this provider for system use (a key, or a keyless local endpoint). */
        public boolean hasSystemAccess(ProviderId id) {
            return hasBaseUrl() && (!id.keyRequired() || (systemKey != null && !systemKey.isBlank()));
        }

        @Override
        public String toString() {
            return "Provider[baseUrl=" + baseUrl + ", systemKey=" + (systemKey == null || systemKey.isBlank()
                    ? "none" : "(set)") + ", listModels=" + listModels + "]";
        }
    }
}
