package com.t3chat.llm;

import com.t3chat.devstack.test.ProviderSimulator;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import java.util.List;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What every llm-service integration test shares — real PostgreSQL and Kafka from {@link TestInfra}, JWTs from its
 * issuer, the config-repo files as configuration, an OpenAI-compatible {@link ProviderSimulator} with the scripted
 * models {@link #SIMULATED_MODELS} (as {@code openai/<name>}) — and hence one application context for all of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/llm-service.yml",
        "t3chat.generation.shutdown-grace=1s", "t3chat.resilience.backoff=50ms",
        // the simulator's scripted failures must not open the breaker shared by every test (BreakerIT opens one)
        "t3chat.resilience.minimum-calls=1000"})
@AutoConfigureWebTestClient
public abstract class LlmServiceIT {

    protected static final TestInfra infra = TestInfra.shared();
    protected static final TestJwtIssuer jwt = infra.jwt();
    protected static final ProviderSimulator provider = ProviderSimulator.start();
    /** Model names that script the simulator (see {@link ProviderSimulator}); the first is the default model. */
    protected static final List<String> SIMULATED_MODELS = List.of("sim-len30-rate200", "sim-status429", "sim-status500", "sim-first3000ms-len5",
            "sim-status401", "sim-fail3-rate200", "sim-cut3-rate200", "sim-endless-rate100",
            "sim-len40-rate10", "sim-len300-rate40");

    /** Providers the adapter tests run against, each at its simulator endpoint with a system key. */
    protected static final List<String> ADAPTER_PROVIDERS = List.of("openai", "anthropic", "gemini", "ollama");
    /** Per adapter provider, these scripts (prefixed {@code a-}), with vision and reasoning, 2048 output tokens. */
    protected static final List<String> ADAPTER_SCRIPTS = List.of("a-len20-rate500", "a-len5-rate500",
            "a-think5-len5-rate500", "a-flaky1-len5-rate500", "a-status500", "a-fail3-rate500", "a-first1500ms-len5",
            "a-endless-rate100");

    protected static final String OWN_ENDPOINT_MODEL = "openai-compatible/a-len20-rate500";

    /** Two master keys: the active one first, an older one that rotation moves keys off. */
    protected static final String VAULT_KEYS = "test2:" + "A".repeat(43) + "=,test1:" + "B".repeat(43) + "=";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "llm");
        registry.add("t3chat.vault.master-keys", () -> VAULT_KEYS);
        registry.add("t3chat.providers.openai.base-url", provider::openAiBaseUrl);
        registry.add("t3chat.providers.openai.system-key", () -> "sim-key");
        for (int i = 0; i < SIMULATED_MODELS.size(); i++) {
            String prefix = "t3chat.models.curated[" + i + "].";
            registry.add(prefix + "id", ("openai/" + SIMULATED_MODELS.get(i))::toString);
            registry.add(prefix + "max-output-tokens", () -> "1000");
            registry.add(prefix + "system-key", () -> "true");
            registry.add(prefix + "price.input", () -> "2");
            registry.add(prefix + "price.output", () -> "10");
        }
        registry.add("t3chat.providers.anthropic.base-url", provider::anthropicBaseUrl);
        registry.add("t3chat.providers.anthropic.system-key", () -> "sim-key");
        registry.add("t3chat.providers.gemini.base-url", provider::geminiBaseUrl);
        registry.add("t3chat.providers.gemini.system-key", () -> "sim-key");
        registry.add("t3chat.providers.ollama.base-url", provider::ollamaBaseUrl);
        // users' own endpoints may reach the simulator by this name only (127.0.0.1 stays refused)
        registry.add("t3chat.egress.allowed-hosts", () -> "localhost:" + java.net.URI.create(provider.rootUrl()).getPort());
        int i = SIMULATED_MODELS.size();
        for (String providerId : ADAPTER_PROVIDERS) {
            for (String script : ADAPTER_SCRIPTS) {
                String prefix = "t3chat.models.curated[" + i++ + "].";
                registry.add(prefix + "id", (providerId + "/" + script)::toString);
                registry.add(prefix + "max-output-tokens", () -> "2048");
                registry.add(prefix + "system-key", () -> "true");
                registry.add(prefix + "capabilities", () -> "vision,reasoning");
            }
        }
        // a model only users with an endpoint of their own can use (the operator has none)
        registry.add("t3chat.models.curated[" + i + "].id", () -> OWN_ENDPOINT_MODEL);
    }
}
