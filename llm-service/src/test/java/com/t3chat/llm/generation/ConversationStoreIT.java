package com.t3chat.llm.generation;

import static com.t3chat.llm.generation.ReplyTopic.deltas;
import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.chat.ChatBranched;
import com.t3chat.contracts.chat.ChatDeleted;
import com.t3chat.contracts.chat.MessagePosted;
import com.t3chat.contracts.chat.PromptMessage;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.chat.ReplyStopRequested;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyFailed;
import com.t3chat.llm.conversation.Conversations;
import com.t3chat.llm.model.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

/**
 * The conversation store (ADR 0023) seen from the bus, as chat-service drives it: requests without history get the
 * branch that ends at their parent, built from {@code MessagePosted}, {@code ChatBranched} and the service's own
 * replies, and what the provider receives is checked.
 */
class ConversationStoreIT extends ReplyTopicIT {

    private static final String MODEL = "openai/sim-len30-rate200";
    private static final String ENDLESS = "openai/sim-endless-rate100";
    /** What {@code sim-len30-rate200} answers. */
    private static final String ANSWER = "w1 w2 w3";

    @Autowired
    Conversations conversations;

    @Autowired
    DatabaseClient db;

    @Test
    void aFollowUpIsAnsweredWithTheWholeBranchBuiltFromEvents() throws Exception {
        Chat chat = new Chat();
        UUID q1 = chat.post(null, "First question " + UUID.randomUUID());
        UUID r1 = chat.askAndAwait(q1);
        UUID q2 = chat.post(r1, "Second question " + UUID.randomUUID());
        chat.askAndAwait(q2);

        assertThat(chat.promptOf(q2)).containsExactly(
                "user: " + chat.text(q1), "assistant: " + chat.text(r1), "user: " + chat.text(q2));
        assertThat(chat.text(r1)).startsWith(ANSWER);
    }

    @Test
    void anEditIsASiblingAndItsReplyDoesNotSeeTheMessageItReplaced() throws Exception {
        Chat chat = new Chat();
        UUID q1 = chat.post(null, "Question " + UUID.randomUUID());
        UUID r1 = chat.askAndAwait(q1);
        UUID q2 = chat.post(r1, "Original follow-up " + UUID.randomUUID());
        chat.askAndAwait(q2);
        UUID edited = chat.post(r1, "Edited follow-up " + UUID.randomUUID()); // same parent: a sibling of q2
        chat.askAndAwait(edited);

        assertThat(chat.promptOf(edited)).containsExactly(
                "user: " + chat.text(q1), "assistant: " + chat.text(r1), "user: " + chat.text(edited));
    }

    @Test
    void aStoppedReplyStaysInTheBranchWithItsPartialText() throws Exception {
        Chat chat = new Chat();
        UUID q1 = chat.post(null, "Go on forever " + UUID.randomUUID());
        ReplyRequested endless = chat.request(q1, ENDLESS);
        topic.publish(chat.id, ReplyRequested.TYPE, endless);
        topic.await(endless.replyId(), records -> deltas(records).size() >= 3);
        topic.publish(chat.id, ReplyStopRequested.TYPE,
                new ReplyStopRequested(UUID.randomUUID(), Instant.now(), chat.id, endless.replyId()));
        var stopped = (ReplyCompleted) topic.awaitEnd(endless.replyId(), Duration.ZERO).getLast().event();
        assertThat(stopped.finishReason()).isEqualTo(ReplyCompleted.STOPPED);
        assertThat(stopped.text()).isNotBlank();

        UUID q2 = chat.post(endless.replyId(), "And then? " + UUID.randomUUID());
        chat.askAndAwait(q2);
        assertThat(chat.promptOf(q2)).containsExactly(
                "user: " + chat.text(q1), "assistant: " + stopped.text(), "user: " + chat.text(q2));
    }

    @Test
    void aFailedReplyIsLeftOutOfTheBranch() throws Exception {
        Chat chat = new Chat();
        UUID q1 = chat.post(null, "Fail me " + UUID.randomUUID());
        ReplyRequested failing = chat.request(q1, "openai/sim-status401");
        topic.publish(chat.id, ReplyRequested.TYPE, failing);
        assertThat(topic.awaitEnd(failing.replyId(), Duration.ZERO).getLast().event())
                .isInstanceOf(ReplyFailed.class);

        UUID q2 = chat.post(failing.replyId(), "Try again " + UUID.randomUUID());
        chat.askAndAwait(q2);
        assertThat(chat.promptOf(q2)).containsExactly("user: " + chat.text(q1), "user: " + chat.text(q2));
    }

    @Test
    void aBranchCopiesThePathUnderTheCopyIdsChatServiceGivesIt() throws Exception {
        Chat source = new Chat();
        UUID q1 = source.post(null, "Shared question " + UUID.randomUUID());
        UUID r1 = source.askAndAwait(q1);
        UUID q2 = source.post(r1, "Only in the source " + UUID.randomUUID());
        source.askAndAwait(q2);

        Chat branch = new Chat();
        topic.publish(branch.id, ChatBranched.TYPE, new ChatBranched(UUID.randomUUID(), Instant.now(), branch.id,
                source.owner, source.id, r1));
        UUID q3 = branch.post(ChatBranched.copyId(branch.id, r1), "Only in the branch " + UUID.randomUUID());
        branch.askAndAwait(q3);

        assertThat(branch.promptOf(q3)).containsExactly(
                "user: " + source.text(q1), "assistant: " + source.text(r1), "user: " + branch.text(q3));
        // the copy is the branch's own: the source's turns are untouched, and SQL's copy ids are Java's
        assertThat(turnIds(branch.id)).containsExactlyInAnyOrder(ChatBranched.copyId(branch.id, q1),
                ChatBranched.copyId(branch.id, r1), q3, branch.lastReply);
        assertThat(turnIds(source.id)).hasSize(4);
    }

    @Test
    void aDeletedChatLeavesNoTurnsAndALaterRequestFailsReadably() throws Exception {
        Chat chat = new Chat();
        UUID q1 = chat.post(null, "Forget me " + UUID.randomUUID());
        UUID r1 = chat.askAndAwait(q1);
        assertThat(turnIds(chat.id)).hasSize(2);

        topic.publish(new ChatDeleted(UUID.randomUUID(), Instant.now(), chat.id, chat.owner));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> turnIds(chat.id).isEmpty());

        // a request for a branch this service does not know (here: deleted) fails with a reason a user can act on
        ReplyRequested orphan = chat.request(r1, MODEL);
        topic.publish(chat.id, ReplyRequested.TYPE, orphan);
        var failed = (ReplyFailed) topic.awaitEnd(orphan.replyId(), Duration.ZERO).getLast().event();
        assertThat(failed.reason()).isEqualTo(Conversations.UnknownTurnException.MESSAGE);
    }

    @Test
    void theWalkStopsOnceTheModelsInputBudgetIsReached() {
        UUID chatId = UUID.randomUUID();
        UUID parent = null;
        List<UUID> ids = new ArrayList<>();
        String text = "x".repeat(400); // 100 tokens + 4 per message
        for (int i = 0; i < 50; i++) {
            UUID id = UUID.randomUUID();
            conversations.record(new MessagePosted(UUID.randomUUID(), Instant.now(), chatId, "owner", id, parent,
                    i + text, List.of())).block(Duration.ofSeconds(10));
            ids.add(id);
            parent = id;
        }
        long perTurn = Tokens.ofMessage(49 + text);

        List<PromptMessage> walked = conversations.branch(chatId, parent, (int) (perTurn * 10)).block();
        // the turns that fit, plus the one that passes the budget (the trimmer drops it with the instructions counted)
        assertThat(walked).hasSize(11);
        assertThat(walked.getLast().content()).startsWith("49x");
        assertThat(walked.getFirst().content()).startsWith("39x");
        assertThat(conversations.branch(chatId, ids.get(4), 1_000_000).block()).extracting(PromptMessage::content)
                .extracting(content -> content.substring(0, 2)).containsExactly("0x", "1x", "2x", "3x", "4x");
    }

    // ------------------------------------------------------------------ helpers

    private List<UUID> turnIds(UUID chatId) {
        return db.sql("select id from turn where chat_id = :chat").bind("chat", chatId)
                .map(row -> row.get("id", UUID.class)).all().collectList().block(Duration.ofSeconds(10));
    }

    /** One chat as chat-service would drive it: messages posted, replies requested, texts remembered. */
    private final class Chat {

        final UUID id = UUID.randomUUID();
        final String owner = jwt.subject("store-" + UUID.randomUUID());
        final java.util.Map<UUID, String> texts = new java.util.HashMap<>();
        UUID lastReply;

        UUID post(UUID parentId, String content) throws Exception {
            UUID messageId = UUID.randomUUID();
            texts.put(messageId, content);
            topic.publish(id, MessagePosted.TYPE, new MessagePosted(UUID.randomUUID(), Instant.now(), id, owner,
                    messageId, parentId, content, List.of()));
            return messageId;
        }

        ReplyRequested request(UUID parentId, String model) {
            lastReply = UUID.randomUUID();
            return new ReplyRequested(UUID.randomUUID(), Instant.now(), id, owner, lastReply, parentId, model, null);
        }

        /** Asks for a reply to {@code parentId}, waits for its completion and answers the reply's id. */
        UUID askAndAwait(UUID parentId) throws Exception {
            ReplyRequested request = request(parentId, MODEL);
            topic.publish(id, ReplyRequested.TYPE, request);
            var end = topic.awaitEnd(request.replyId(), Duration.ZERO).getLast().event();
            assertThat(end).isInstanceOf(ReplyCompleted.class);
            texts.put(request.replyId(), ((ReplyCompleted) end).text());
            return request.replyId();
        }

        String text(UUID messageId) {
            return texts.get(messageId);
        }

        /** The messages the provider received for the reply to {@code questionId}, as "role: content". */
        List<String> promptOf(UUID questionId) {
            String question = text(questionId);
            List<String> bodies = provider.requests().stream().filter(body -> body.contains(question)).toList();
            assertThat(bodies).hasSize(1);
            List<String> messages = new ArrayList<>();
            for (JsonNode message : json.readTree(bodies.getFirst()).get("messages")) {
                messages.add(message.get("role").asString() + ": " + message.get("content").asString());
            }
            return messages;
        }
    }
}
