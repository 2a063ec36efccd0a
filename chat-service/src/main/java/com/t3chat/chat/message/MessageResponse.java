package com.t3chat.chat.message;

import com.t3chat.chat.attachment.MessageAttachment;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * @param model     the model that wrote the reply (after a fallback: the one that actually answered)
 * @param reasoning a reasoning model's thinking behind the reply, or null
 * @param notice    something the reader should know about how the reply was made, or null
 * @param phase     of a pending reply: {@code queued} (waiting for the model service to pick it up) or
 *                  {@code generating}; null once it has ended
 * @param waitingSince of a queued reply: since when it waits (its request), else null
 * @param attachments the files a user message carries, in order (empty when none; a reply has none)
 * @param versionIndex in a page of a branch: which of the versions under its parent this message is (0 = oldest);
 *                     absent elsewhere
 * @param versionCount in a page of a branch: how many versions its parent has (edits or regenerations, itself
 *                     included); absent elsewhere
 * @param siblingIds   in a page of a branch, when {@code versionCount > 1}: the versions' ids, oldest first
 */
record MessageResponse(UUID id, UUID parentId, String role, String content, String status, String model,
        Instant createdAt, String finishReason, UsageResponse usage, String error, String reasoning, String notice,
        String phase, Instant waitingSince, List<AttachmentResponse> attachments,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer versionIndex,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer versionCount,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<UUID> siblingIds) {

    static final String QUEUED = "queued";
    static final String GENERATING = "generating";

    /** A message without files (every reply, and a user message that carries none). */
    static MessageResponse from(Message m) {
        return from(m, List.of());
    }

    static MessageResponse from(Message m, List<MessageAttachment> attachments) {
        UsageResponse usage = m.inputTokens() == null && m.outputTokens() == null ? null
                : new UsageResponse(m.inputTokens(), m.outputTokens());
        String phase = !m.pending() ? null : m.waiting() ? QUEUED : GENERATING;
        return new MessageResponse(m.id(), m.parentId(), m.role(), m.content(), m.status(), m.model(), m.createdAt(),
                m.finishReason(), usage, m.error(), m.reasoning(), m.notice(), phase,
                m.waiting() ? m.createdAt() : null, attachments.stream().map(AttachmentResponse::from).toList(),
                null, null, null);
    }

    /** This message as one of {@code versions} (its parent's children, oldest first, itself among them). */
    MessageResponse asVersionOf(List<UUID> versions) {
        int index = Math.max(versions.indexOf(id), 0);
        int count = Math.max(versions.size(), 1);
        return new MessageResponse(id, parentId, role, content, status, model, createdAt, finishReason, usage, error,
                reasoning, notice, phase, waitingSince, attachments, index, count, count > 1 ? versions : null);
    }

    record UsageResponse(Long inputTokens, Long outputTokens) {
    }

    /**
     * A file the message carries, as it was when the message was sent.
     *
     * @param deleted its owner deleted the file since: it can no longer be opened
     */
    record AttachmentResponse(UUID id, String name, String mediaType, long size, boolean deleted) {

        static AttachmentResponse from(MessageAttachment attachment) {
            return new AttachmentResponse(attachment.id(), attachment.name(), attachment.mediaType(),
                    attachment.size(), attachment.deleted());
        }
    }
}
