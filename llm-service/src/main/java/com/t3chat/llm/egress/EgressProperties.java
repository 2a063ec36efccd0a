package com.t3chat.llm.egress;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * @param poolWait              how long a call waits for a free connection when {@code maxConnectionsPerHost} are
 *                              in use; then it fails as "pool busy" (not the provider's fault, not retried). The wait
 *                              is on the stream's virtual thread: a queue costs no platform thread
 * @param maxConnectionsPerHost exchanges open at once to one host and port (every running stream is one), however
 *                              they are carried: a connection each over HTTP/1.1, a stream each over HTTP/2
 * @param hosts                 per destination ({@code host:port}, lower case) overrides, e.g. a small self-hosted
 *                              server that takes only a few streams at once
 * @param http2StreamsPerHost   how many of a host's exchanges may share one HTTP/2 connection to an operator's https
 *                              endpoint; beyond it they go over HTTP/1.1 connections. Keep it at or below what the
 *                              providers announce as {@code SETTINGS_MAX_CONCURRENT_STREAMS} (an exchange the server
 *                              refuses a stream also goes over HTTP/1.1, after a wasted attempt). 0 turns HTTP/2 off
 */
@Validated
@ConfigurationProperties("t3chat.egress")
record EgressProperties(
        List<@NotBlank String> allowedHosts,
        @DefaultValue("10s") @NotNull Duration connectTimeout,
        @DefaultValue("30s") @NotNull Duration poolWait,
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxConnectionsPerHost,
        Map<String, @Valid Host> hosts,
        @DefaultValue("100") @Min(0) @Max(10_000) int http2StreamsPerHost) {

    EgressProperties {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        hosts = hosts == null ? Map.of() : Map.copyOf(hosts);
    }

    /** @param maxConnections exchanges open at once to this host and port */
    record Host(@Min(1) @Max(100_000) int maxConnections) {
    }

    /** {@code host:port} (lower case) → its connection limit, for the hosts that have one of their own. */
    Map<String, Integer> maxConnectionsByHost() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        hosts.forEach((hostAndPort, host) -> limits.put(hostAndPort.toLowerCase(Locale.ROOT), host.maxConnections()));
        return limits;
    }
}
