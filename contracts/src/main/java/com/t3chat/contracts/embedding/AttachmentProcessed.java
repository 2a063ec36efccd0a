package com.t3chat.contracts.embedding;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A file was read, chunked and embedded: it is ready. Topic {@link com.t3chat.contracts.Topics#EMBEDDING_ATTACHMENTS},
 * key = attachment id.
 *
 * @param pages          pages read (1 for an image or a text file)
 * @param chunks         chunks stored
 * @param ocrPages       pages whose text came from OCR
 * @param characters     characters of text extracted
 * @param scan           {@code clean} (a virus scanner saw it) or {@code skipped} (none is configured)
 * @param previewKey     the key of a downscaled image of the file (images, a PDF's first page) in the attachment
 *                       bucket, or null when the file has none
 * @param note           something the person should know although the file is ready ("No text could be read: OCR is
 *                       not installed."), or null
 * @param embeddingModel the model that made the vectors, e.g. {@code all-MiniLM-L6-v2}
 */
public record AttachmentProcessed(UUID eventId, Instant occurredAt, UUID attachmentId, int pages, int chunks,
        int ocrPages, long characters, String scan, String previewKey, String note, String embeddingModel)
        implements IntegrationEvent {

    public static final String TYPE = "AttachmentProcessed";
}
