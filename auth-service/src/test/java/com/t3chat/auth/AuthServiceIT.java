package com.t3chat.auth;

import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What every auth-service integration test shares — real PostgreSQL (database {@code auth}) from {@link TestInfra},
 * JWTs from its issuer, the config-repo files as configuration — and hence one application context for all of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "t3chat.realm.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/auth-service.yml"})
@AutoConfigureWebTestClient
public abstract class AuthServiceIT {

    protected static final TestJwtIssuer jwt = TestInfra.shared().jwt();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "auth");
    }

    @Autowired
    protected WebTestClient http;
}
