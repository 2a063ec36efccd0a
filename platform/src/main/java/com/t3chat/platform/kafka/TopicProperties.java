package com.t3chat.platform.kafka;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The topics of the system (listed once, in {@code config-repo/application.yml}). Every service creates the ones
 * that are missing, with their dead-letter topics, before its listeners start: a consumer subscribed to a topic
 * that does not exist yet would otherwise only notice it at its next metadata refresh, minutes later.
 */
@ConfigurationProperties("t3chat.kafka")
public record TopicProperties(List<String> topics, @DefaultValue("3") int partitions,
        @DefaultValue("1") short replicationFactor) {

    public TopicProperties {
        topics = topics == null ? List.of() : List.copyOf(topics);
    }
}
