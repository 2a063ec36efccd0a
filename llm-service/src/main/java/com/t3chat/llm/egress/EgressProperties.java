package com.t3chat.llm.egress;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How provider traffic leaves this service.
 *
 * @param allowedHosts          destinations a user's base URL may name although they are local or private:
 *                              {@code host} or {@code host:port} (e.g. {@code localhost:11434} for an Ollama on this
 *                              machine); the operator vouches for them
 * @param connectTimeout        how long a connection may take to open, for models that set no timeout of their own
 * @param maxConnectionsPerHost connections open at once to one host and port; every running stream holds one
 */
@Validated
@ConfigurationProperties("t3chat.egress")
record EgressProperties(
        List<@NotBlank String> allowedHosts,
        @DefaultValue("10s") @NotNull Duration connectTimeout,
        @DefaultValue("200") @Min(1) @Max(10_000) int maxConnectionsPerHost) {

    EgressProperties {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }
}
