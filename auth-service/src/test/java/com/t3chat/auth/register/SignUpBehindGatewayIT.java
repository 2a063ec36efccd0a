package com.t3chat.auth.register;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.auth.AuthServiceIT;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Through the gateway (a trusted proxy: loopback, the default) the limit is per client: the address the gateway
 * wrote into {@code X-Forwarded-For}, not the gateway's own.
 */
@TestPropertySource(properties = "t3chat.realm.server-url=http://127.0.0.1:1") // nobody is created
class SignUpBehindGatewayIT extends AuthServiceIT {

    @Test
    void eachClientBehindTheGatewayHasItsOwnLimit() {
        String client = "192.0.2." + (1 + (int) (Math.random() * 200));
        for (int i = 0; i < RegistrationRateLimit.MAX; i++) {
            signUp(client).expectStatus().value(status -> assertThat(status).isNotEqualTo(429));
        }
        signUp(client).expectStatus().isEqualTo(429).expectHeader().exists("Retry-After");
        // what the client itself wrote (left of the gateway's entry) is not its address
        signUp("192.0.2.250, " + client).expectStatus().isEqualTo(429);

        signUp("2001:db8::" + Integer.toHexString((int) (Math.random() * 0xffff)))
                .expectStatus().value(status -> assertThat(status).isNotEqualTo(429));
    }

    private WebTestClient.ResponseSpec signUp(String forwardedFor) {
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        return http.mutate().responseTimeout(Duration.ofSeconds(30)).build() // a cold Keycloak client is slow to fail
                .post().uri("/api/auth/register")
                .header("X-Forwarded-For", forwardedFor)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"username\":\"" + name + "\",\"email\":\"" + name + "@example.test\","
                        + "\"password\":\"long-enough-1\"}")
                .exchange();
    }
}
