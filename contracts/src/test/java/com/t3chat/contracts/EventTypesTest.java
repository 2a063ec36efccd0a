package com.t3chat.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.t3chat.contracts.chat.ChatBranched;
import com.t3chat.contracts.chat.MessagePosted;
import com.t3chat.contracts.llm.AdmissionChanged;
import com.t3chat.contracts.llm.ReplyDelta;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventTypesTest {

    @Test
    void everyTypeNameIsTheRecordsTypeConstantAndItsTopicIsATopic() throws Exception {
        Set<String> topics = new HashSet<>();
        for (var field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                topics.add((String) field.get(null));
            }
        }
        for (EventTypes.Type<?> t : EventTypes.all()) {
            assertThat(t.type().getField("TYPE").get(null)).isEqualTo(t.name());
            assertThat(topics).contains(t.topic());
            assertThat(EventTypes.byName(t.name())).contains(t);
            assertThat(EventTypes.of(t.type())).isEqualTo(t);
        }
        assertThat(EventTypes.byName("SomethingNew")).isEmpty();
        assertThat(EventTypes.byName(null)).isEmpty();
    }

    @Test
    void looksUpTopicKeyAndNameOfAnEvent() {
        UUID chat = UUID.randomUUID();
        var posted = new MessagePosted(UUID.randomUUID(), Instant.now(), chat, "alice", UUID.randomUUID(), null,
                "hi", null);
        assertThat(EventTypes.topicOf(posted)).isEqualTo(Topics.CHAT_MESSAGES);
        assertThat(EventTypes.keyOf(posted)).isEqualTo(chat.toString());
        assertThat(EventTypes.nameOf(posted)).isEqualTo("MessagePosted");
        assertThat(posted.attachmentIds()).isEmpty();

        var admission = new AdmissionChanged(UUID.randomUUID(), Instant.now(), "bob", true, "monthly-budget", null,
                "Budget reached", List.of("openai"));
        assertThat(EventTypes.keyOf(admission)).isEqualTo("bob");
        assertThat(EventTypes.topicOf(admission)).isEqualTo(Topics.LLM_USAGE);
        assertThat(EventTypes.classesByName()).containsEntry("AdmissionChanged", AdmissionChanged.class);
    }

    @Test
    void refusesAClassThatIsNotRegistered() {
        record Stray(UUID eventId, Instant occurredAt) implements IntegrationEvent {
        }
        assertThatThrownBy(() -> EventTypes.of(Stray.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deltaIdsAreDistinctPerSeqStableAndMarkedAsCustomUuids() {
        UUID reply = UUID.randomUUID();
        Set<UUID> ids = new HashSet<>();
        IntStream.rangeClosed(1, 10_000).forEach(seq -> ids.add(ReplyDelta.idFor(reply, seq)));
        assertThat(ids).hasSize(10_000);
        assertThat(ReplyDelta.idFor(reply, 7)).isEqualTo(ReplyDelta.idFor(reply, 7));
        assertThat(ReplyDelta.idFor(reply, 7)).isNotEqualTo(ReplyDelta.idFor(UUID.randomUUID(), 7));
        assertThat(ReplyDelta.idFor(reply, 1).version()).isEqualTo(8);
        assertThat(ReplyDelta.idFor(reply, 1).variant()).isEqualTo(2);
    }

    @Test
    void aBranchCopyIdDependsOnBothIdsAndIsStable() {
        UUID chat = UUID.randomUUID();
        UUID message = UUID.randomUUID();
        assertThat(ChatBranched.copyId(chat, message)).isEqualTo(ChatBranched.copyId(chat, message))
                .isNotEqualTo(ChatBranched.copyId(UUID.randomUUID(), message))
                .isNotEqualTo(ChatBranched.copyId(chat, UUID.randomUUID()))
                .isNotEqualTo(message);
    }
}
