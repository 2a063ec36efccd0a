package com.t3chat.devstack.kafka;

import org.junit.jupiter.api.RepeatedTest;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerTest {

    @RepeatedTest(20)
    void clusterIdHasKafkasFormat() {
        String id = KafkaBroker.newClusterId();
        assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+").doesNotStartWith("-");
        assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
    }
}
