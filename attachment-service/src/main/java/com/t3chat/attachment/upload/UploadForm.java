package com.t3chat.attachment.upload;

import com.t3chat.attachment.attachment.ByteSize;
import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;

/**
 * Reads a multipart upload as it streams in ({@link PartEvent}s): the {@code file} part goes straight to a spool file,
 * counted as it arrives and cut off with {@code 413 file-too-large} the moment it passes the limit — the rest of the
 * body is never read. The {@code chatId} part is kept; other parts are read and dropped (bounded in number and
 * size). A body that is not valid multipart, or a part without a name, is {@code 400}.
 */
@Component
class UploadForm {

    static final String FILE = "file";
    static final String CHAT_ID = "chatId";
    /** Room for the multipart envelope (boundaries, part headers) and the small parts beside the file. */
    static final long ENVELOPE = 64 * 1024;

    private final UploadSpool spool;
    private final long maxFileSize;
    private final int maxParts;

    UploadForm(UploadSpool spool, UploadProperties properties) {
        this.spool = spool;
        this.maxFileSize = properties.maxFileSize().toBytes();
        this.maxParts = properties.maxParts();
    }

    long maxFileSize() {
        return maxFileSize;
    }

    /** The largest request body an upload can have: a larger {@code Content-Length} is refused before reading. */
    long maxBodySize() {
        return maxFileSize + ENVELOPE;
    }

    /** Reads the whole upload; on any failure or cancellation its spool file is already deleted. */
    Mono<ReceivedUpload> read(Flux<PartEvent> events) {
        return Mono.usingWhen(spool.create(),
                file -> readInto(events, file),
                file -> Mono.empty(),
                (file, error) -> spool.delete(file),
                file -> spool.delete(file));
    }

    private Mono<ReceivedUpload> readInto(Flux<PartEvent> events, Path file) {
        var form = new Fields();
        AtomicLong total = new AtomicLong();
        AtomicInteger parts = new AtomicInteger();
        // Every event that reaches our code is released by it (written, drained or refused). Events Reactor drops on
        // the way when the upload is cut off (queued in a window, held by switchOnFirst) are released by the discard
        // hook — but only those: an operator may also discard an event it had delivered, and releasing that a second
        // time would free a buffer Netty still owns.
        Set<PartEvent> owned = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        return events
                .<PartEvent>handle((event, sink) -> {
                    if (total.addAndGet(event.content().readableByteCount()) > maxBodySize()) {
                        owned.add(event);
                        DataBufferUtils.release(event.content());
                        sink.error(fileTooLarge(maxFileSize));
                    } else {
                        sink.next(event);
                    }
                })
                .windowUntil(PartEvent::isLast)
                .concatMap(part -> part.switchOnFirst((first, all) -> {
                    Flux<PartEvent> ours = all.doOnNext(owned::add);
                    if (first.hasValue() && parts.incrementAndGet() > maxParts) {
                        return refuse(ours, malformed("The upload has more than " + maxParts + " parts."));
                    }
                    // a malformed body fails the part and the whole stream alike: it is reported once, below
                    return read(first, ours, form, file).onErrorResume(UploadForm::malformedBody, e -> Mono.empty());
                }))
                .doOnDiscard(PartEvent.class, event -> {
                    if (!owned.contains(event)) {
                        DataBufferUtils.release(event.content());
                    }
                })
                .onErrorMap(DecodingException.class, e -> malformed("The body is not valid multipart/form-data."))
                .onErrorMap(ServerWebInputException.class,
                        e -> malformed("The body is not valid multipart/form-data."))
                .onErrorMap(DataBufferLimitException.class,
                        e -> malformed("A part's headers or a form field of the upload is too large."))
                .then(Mono.fromSupplier(() -> new ReceivedUpload(file, form.hasFile, form.size, form.sentName,
                        form.chatId)));
    }

    private Mono<Void> read(Signal<? extends PartEvent> first, Flux<PartEvent> all, Fields form, Path file) {
        if (!first.hasValue()) {
            return all.then();
        }
        PartEvent event = first.get();
        String name = event.headers().getContentDisposition().getName();
        if (name == null) {
            return refuse(all, malformed("Every part needs a name (Content-Disposition: form-data; name=\"…\")."));
        }
        if (FILE.equals(name)) {
            if (!(event instanceof FilePartEvent filePart)) {
                return refuse(all, ApiProblem.invalidField(FILE, "must be a file (a part with a filename)"));
            }
            if (form.hasFile) {
                return refuse(all, ApiProblem.invalidField(FILE, "must be sent only once"));
            }
            form.hasFile = true;
            form.sentName = filePart.filename();
            return write(all.map(PartEvent::content), file).doOnNext(size -> form.size = size).then();
        }
        if (CHAT_ID.equals(name) && event instanceof FormPartEvent field) {
            form.chatId = field.value();
        }
        return drain(all);
    }

    private Mono<Long> write(Flux<DataBuffer> content, Path file) {
        AtomicLong size = new AtomicLong();
        Flux<DataBuffer> limited = content.handle((buffer, sink) -> {
            if (size.addAndGet(buffer.readableByteCount()) > maxFileSize) {
                DataBufferUtils.release(buffer);
                sink.error(fileTooLarge(maxFileSize));
            } else {
                sink.next(buffer);
            }
        });
        // a malformed body is reported by the stream of parts (which fails too); the file writer, cancelled by then,
        // would only log it as dropped
        return DataBufferUtils.write(limited.onErrorResume(UploadForm::malformedBody, e -> Flux.empty()), file)
                .then(Mono.fromSupplier(size::get));
    }

    /** Refuses the upload after reading the rest of this part (bounded by the body limit), releasing its buffers. */
    private static Mono<Void> refuse(Flux<PartEvent> part, Throwable refusal) {
        return drain(part).then(Mono.error(refusal));
    }

    /**
     * Reads a part and releases its buffers. Each event becomes a plain token before {@code then()} ignores it:
     * {@code then()} discards what it ignores, and the discard hook is for buffers nobody released.
     */
    private static Mono<Void> drain(Flux<PartEvent> events) {
        return events.map(event -> {
            DataBufferUtils.release(event.content());
            return Boolean.TRUE;
        }).then();
    }

    private static boolean malformedBody(Throwable e) {
        return e instanceof DecodingException || e instanceof ServerWebInputException
                || e instanceof DataBufferLimitException;
    }

    static ApiProblem fileTooLarge(long limitBytes) {
        var problem = new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.of("file-too-large"),
                "The file is larger than the limit of " + ByteSize.describe(limitBytes) + ".");
        problem.getBody().setProperty("limitBytes", limitBytes);
        return problem;
    }

    private static ApiProblem malformed(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, ProblemTypes.of("malformed-multipart"), detail);
    }

    /** What the parts said, filled in as they arrive: one part after the other, not always on the same thread. */
    private static final class Fields {
        volatile boolean hasFile;
        volatile long size;
        volatile String sentName;
        volatile String chatId;
    }
}
