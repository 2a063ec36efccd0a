package com.t3chat.attachment.upload;

import com.t3chat.attachment.attachment.Attachment;
import com.t3chat.attachment.attachment.AttachmentService;
import com.t3chat.attachment.attachment.ChatIds;
import com.t3chat.attachment.mediatype.MediaTypeDetector;
import com.t3chat.attachment.storage.ObjectKeys;
import com.t3chat.attachment.storage.ObjectStore;
import com.t3chat.platform.accounts.DisabledUsers;
import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * An upload from the first byte to the stored file: the body is spooled as it arrives (cut off at the size limit),
 * the type is detected from the content, the quota checked, the object stored under a key of our own, and only then
 * the row and {@code AttachmentUploaded} committed together. A refusal at any step stores nothing and leaves nothing
 * behind; an object whose row could not be committed is removed at once (or by the sweeper, if the store is down
 * too).
 */
@Service
class UploadService {

    private static final Logger log = LoggerFactory.getLogger(UploadService.class);

    private final UploadForm form;
    private final UploadSpool spool;
    private final MediaTypeDetector detector;
    private final ObjectStore store;
    private final AttachmentService attachments;
    private final DisabledUsers disabledUsers;

    UploadService(UploadForm form, UploadSpool spool, MediaTypeDetector detector, ObjectStore store,
            AttachmentService attachments, DisabledUsers disabledUsers) {
        this.form = form;
        this.spool = spool;
        this.detector = detector;
        this.store = store;
        this.attachments = attachments;
        this.disabledUsers = disabledUsers;
    }

    /**
     * @param declaredLength the request's {@code Content-Length}, if it sent one: too large is refused before reading
     * @param queryChatId    the {@code chatId} query parameter, if any
     */
    Mono<Attachment> upload(String ownerId, Long declaredLength, String queryChatId, Flux<PartEvent> parts) {
        return Mono.defer(() -> {
            if (declaredLength != null && declaredLength > form.maxBodySize()) {
                return Mono.error(UploadForm.fileTooLarge(form.maxFileSize()));
            }
            UUID fromQuery = ChatIds.parse(queryChatId);
            return disabledUsers.refuseIfDisabled(ownerId)
                    .then(Mono.usingWhen(form.read(parts),
                            received -> store(ownerId, fromQuery, received),
                            received -> spool.delete(received.file())));
        });
    }

    private Mono<Attachment> store(String ownerId, UUID fromQuery, ReceivedUpload received) {
        if (!received.hasFile()) {
            return Mono.error(ApiProblem.invalidField(UploadForm.FILE, "is required (a multipart part named file)"));
        }
        if (received.size() == 0) {
            return Mono.error(ApiProblem.invalidField(UploadForm.FILE, "is empty"));
        }
        UUID fromForm = ChatIds.parse(received.chatId());
        if (fromQuery != null && fromForm != null && !fromQuery.equals(fromForm)) {
            return Mono.error(ApiProblem.invalidField("chatId", "differs between the query and the form"));
        }
        UUID chatId = fromQuery != null ? fromQuery : fromForm;
        String name = OriginalName.of(received.sentName()).value();
        return Mono.fromCallable(() -> detector.detect(received.file(), name))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(detected -> detected.allowed() ? Mono.just(detected.mediaType())
                        : Mono.error(unsupported(detected.mediaType())))
                .flatMap(mediaType -> attachments.checkRoomFor(ownerId, received.size())
                        .then(Mono.defer(() -> {
                            UUID id = UUID.randomUUID();
                            String key = ObjectKeys.original(id);
                            return store.put(key, received.file(), mediaType)
                                    .then(attachments.recordUpload(id, ownerId, chatId, name, mediaType,
                                            received.size(), key))
                                    .onErrorResume(e -> forget(key).then(Mono.error(e)));
                        })));
    }

    /** Removes an object whose row was not committed; if the store refuses, the sweeper removes it later. */
    private Mono<Void> forget(String key) {
        return store.remove(key).onErrorResume(e -> {
            log.warn("Could not remove object {} of a failed upload; the sweeper will: {}", key, e.toString());
            return Mono.empty();
        });
    }

    private static ApiProblem unsupported(String detected) {
        var problem = new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemTypes.of("unsupported-media-type"),
                "Files of this type (" + detected + ") cannot be attached. PDFs, images (PNG, JPEG, WebP, GIF), "
                        + "text, Markdown, CSV, JSON, source code and Word documents (DOCX) can.");
        problem.getBody().setProperty("detected", detected);
        return problem;
    }
}
