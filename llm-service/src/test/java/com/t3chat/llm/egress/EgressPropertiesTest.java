package com.t3chat.llm.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class EgressPropertiesTest {

    @Test
    void nothingIsAllowListedUnlessTheOperatorSaysSo() {
        EgressProperties properties = bind(Map.of());

        assertThat(properties.allowedHosts()).isEmpty();
        assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.maxConnectionsPerHost()).isEqualTo(1000);
        assertThat(properties.poolWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.maxConnectionsByHost()).isEmpty();
        assertThat(properties.http2StreamsPerHost()).isEqualTo(SafeHttpClients.Pools.DEFAULT_HTTP2_STREAMS);
    }

    @Test
    void http2CanBeTurnedOff() {
        assertThat(bind(Map.of("t3chat.egress.http2-streams-per-host", "0")).http2StreamsPerHost()).isZero();
    }

    @Test
    void aHostMayHaveALimitOfItsOwn() {
        EgressProperties properties = bind(Map.of(
                "t3chat.egress.max-connections-per-host", "500",
                "t3chat.egress.pool-wait", "2s",
                "t3chat.egress.hosts[GPU.lan:8000].max-connections", "4"));

        assertThat(properties.maxConnectionsPerHost()).isEqualTo(500);
        assertThat(properties.poolWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.maxConnectionsByHost()).containsExactly(Map.entry("gpu.lan:8000", 4));
    }

    @Test
    void theAllowListIsAListOfHostsOrHostsAndPorts() {
        EgressProperties properties = bind(Map.of(
                "t3chat.egress.allowed-hosts", "localhost:11434, ollama.lan",
                "t3chat.egress.connect-timeout", "3s"));

        assertThat(properties.allowedHosts()).containsExactly("localhost:11434", "ollama.lan");
        assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        var policy = EgressPolicy.forUserUrls(properties.allowedHosts());
        assertThat(policy.check("http://localhost:11434/api")).isEmpty();
        assertThat(policy.check("http://localhost:6379/")).isPresent();
    }

    private static EgressProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("t3chat.egress", EgressProperties.class);
    }
}
