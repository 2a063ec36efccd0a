package com.t3chat.llm.generation;

import com.t3chat.llm.LlmServiceIT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/** Integration tests that talk to llm-service over the bus, as chat-service does, through one {@link ReplyTopic}. */
abstract class ReplyTopicIT extends LlmServiceIT {

    protected static ReplyTopic topic;

    @Autowired
    JsonMapper json;

    @BeforeEach
    void connect() {
        if (topic == null) {
            topic = new ReplyTopic(infra.kafkaBootstrapServers(), json);
        }
    }

    @AfterAll
    static void disconnect() {
        if (topic != null) {
            topic.close();
            topic = null;
        }
    }
}
