package com.t3chat.chat.message;

import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;

/**
 * A client's {@code Idempotency-Key} for one request, with a digest of what the request asks for: a repeat under
 * the same key must ask for the same thing, else it is refused ({@code 422 idempotency-key-reused}).
 *
 * @param key         the header's value: 1–100 printable ASCII characters, no spaces
 * @param requestHash SHA-256 (hex) of the operation and its fields
 */
record Idempotency(String key, String requestHash) {

    static final String HEADER = "Idempotency-Key";
    static final URI REUSED = ProblemTypes.of("idempotency-key-reused");
    private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1,100}");

    /**
     * The key for a request, or null when the client sent none. {@code content} goes last (the other fields hold no
     * line breaks), so that no two different requests share a digest. Attachment ids follow the model on its line
     * (a model id has no spaces) and only when there are some: a request without attachments has the digest it had
     * before messages carried files.
     */
    static Idempotency of(String key, String operation, Object target, boolean root, String model,
            List<UUID> attachmentIds, String content) {
        if (key == null) {
            return null;
        }
        if (!VALID.matcher(key).matches()) {
            throw ApiProblem.invalidField(HEADER, "must be 1 to 100 printable ASCII characters without spaces");
        }
        String fields = operation + "\n" + (target == null ? "-" : target) + "\n" + root + "\n"
                + (model == null ? "-" : model)
                + (attachmentIds.isEmpty() ? "" : " " + attachmentIds.stream().map(UUID::toString)
                        .collect(Collectors.joining(",")))
                + "\n" + content;
        return new Idempotency(key, sha256(fields));
    }

    static ApiProblem reused() {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, REUSED, "This Idempotency-Key was already used for "
                + "a different request in this chat. Use a new key for each new message.");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
