package com.t3chat.contracts;

/**
 * Kafka topic names: {@code <owning-service>.<aggregate>.v<N>}. Only the owner publishes to its topics;
 * a breaking change to an event is a new topic version, never an edit of an existing one.
 */
public final class Topics {

    /** chat-service: facts about chats (created, deleted), keyed by chat id. */
    public static final String CHAT_CHATS = "chat.chats.v1";

    /** chat-service: requests for replies, stops and abandons, keyed by chat id (a chat's requests stay ordered). */
    public static final String CHAT_MESSAGES = "chat.messages.v1";

    /** llm-service: a reply's start, its coalesced deltas, then its completion or failure, keyed by reply id. */
    public static final String LLM_REPLIES = "llm.replies.v1";

    /**
     * auth-service: facts about user accounts (disabled, enabled, custom instructions changed), keyed by user id (the
     * token's subject).
     */
    public static final String AUTH_USERS = "auth.users.v1";

    /** attachment-service: files uploaded and deleted, keyed by attachment id. */
    public static final String ATTACHMENT_ATTACHMENTS = "attachment.attachments.v1";

    /** embedding-worker: a file's progress through the pipeline and its outcome, keyed by attachment id. */
    public static final String EMBEDDING_ATTACHMENTS = "embedding.attachments.v1";

    /**
     * llm-service: a user's admission for the system's keys changed (refused by a budget or limit, or admitted again),
     * keyed by owner id. chat-service keeps the newest snapshot per user to refuse posts locally.
     */
    public static final String LLM_USAGE = "llm.usage.v1";

    /** Suffix of the dead-letter topic a consumer sends a record to after bounded retries. */
    public static final String DEAD_LETTER_SUFFIX = ".DLT";

    private Topics() {
    }
}
