package com.t3chat.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaProducerException;

class OutboxRelayTest {

    @Test
    void aRecordTooLargeIsNeverSendableHoweverItIsWrapped() {
        var tooLarge = new KafkaProducerException(new ProducerRecord<>("t", "k", "v"), "Failed to send",
                new RecordTooLargeException("The message is 1100000 bytes when serialized"));

        assertThat(OutboxRelay.neverSendable(new CompletionException(tooLarge)))
                .isEqualTo(OutboxEventParked.Reason.TOO_LARGE);
    }

    @Test
    void anInvalidTopicIsRejectedForGood() {
        assertThat(OutboxRelay.neverSendable(new InvalidTopicException("bad name")))
                .isEqualTo(OutboxEventParked.Reason.REJECTED);
    }

    @Test
    void anUnreachableBrokerOrALeaderChangeIsWorthRetrying() {
        assertThat(OutboxRelay.neverSendable(new TimeoutException("Topic not present in metadata after 5000 ms")))
                .isNull();
        assertThat(OutboxRelay.neverSendable(new KafkaProducerException(new ProducerRecord<>("t", "k", "v"),
                "Failed to send", new NotLeaderOrFollowerException("moved")))).isNull();
    }

    @Test
    void theGraceOfEagerSendsMayBeZeroButNotNegative() {
        assertThat(new OutboxProperties(Duration.ofSeconds(1), 200, Duration.ofDays(7), 10, Duration.ZERO)
                .eagerGrace()).isZero();
        assertThatThrownBy(() -> new OutboxProperties(Duration.ofSeconds(1), 200, Duration.ofDays(7), 10,
                Duration.ofSeconds(-1))).hasMessageContaining("t3chat.outbox.eager-grace");
    }
}
