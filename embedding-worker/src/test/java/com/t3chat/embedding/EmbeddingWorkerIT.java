package com.t3chat.embedding;

import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What every embedding-worker integration test shares — real PostgreSQL, Kafka and S3Proxy from {@link TestInfra},
 * JWTs from its issuer, the config-repo files as configuration, the real Tesseract of this machine, and its clamd (with
 * the EICAR signature) when Debian's clamav-daemon is installed — and hence one application context for all of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/embedding-worker.yml",
        "t3chat.jobs.retry-delay=1s", "t3chat.jobs.progress-interval=200ms", "t3chat.jobs.concurrency=2"})
@AutoConfigureWebTestClient
public abstract class EmbeddingWorkerIT {

    protected static final TestInfra infra = TestInfra.shared();
    protected static final TestJwtIssuer jwt = infra.jwt();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "embedding");
        registry.add("t3chat.object-store.bucket", () -> AttachmentTopic.BUCKET);
        if (TestInfra.clamdInstalled()) {
            registry.add("t3chat.clamd.host", infra::clamdHost);
            registry.add("t3chat.clamd.port", infra::clamdPort);
        }
    }

    /** What a clean file's scan is reported as here: {@code clean} with clamd, {@code skipped} without. */
    protected static String cleanScan() {
        return TestInfra.clamdInstalled() ? "clean" : "skipped";
    }
}
