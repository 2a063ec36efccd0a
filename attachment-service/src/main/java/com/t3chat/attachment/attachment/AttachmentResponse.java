package com.t3chat.attachment.attachment;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** An attachment as every endpoint shows it. */
public record AttachmentResponse(
        UUID id,
        @Schema(description = "the sanitised original name (metadata only)") String name,
        @Schema(description = "bytes") long size,
        @Schema(description = "detected from the content, e.g. application/pdf") String mediaType,
        @Schema(allowableValues = {"uploaded", "processing", "ready", "failed"}) String status,
        Instant createdAt,
        UUID chatId,
        @Schema(description = "pages read so far while processing; all of them when ready") Integer pagesDone,
        @Schema(description = "the file's pages, once known") Integer pages,
        @Schema(description = "while processing: scanning, extracting, ocr or embedding") String stage,
        Integer chunks,
        @Schema(description = "pages whose text came from OCR") Integer ocrPages,
        Long characters,
        @Schema(allowableValues = {"clean", "skipped"}) String scan,
        @Schema(description = "something to know although the file is ready") String note,
        @Schema(description = "infected, too-many-pages, image-too-large, text-too-large, unreadable, timeout, "
                + "missing or internal") String failureCode,
        @Schema(description = "why it failed, for people") String failureReason,
        boolean hasPreview,
        String contentUrl,
        String previewUrl) {

    public static AttachmentResponse from(Attachment a) {
        String base = "/api/attachments/" + a.id();
        return new AttachmentResponse(a.id(), a.name(), a.sizeBytes(), a.mediaType(), a.status(), a.createdAt(),
                a.chatId(), a.pagesDone(), a.pages(), a.stage(), a.chunks(), a.ocrPages(), a.characters(), a.scan(),
                a.note(), a.failureCode(), a.failureReason(), a.previewKey() != null, base + "/content",
                a.previewKey() == null ? null : base + "/preview");
    }
}
