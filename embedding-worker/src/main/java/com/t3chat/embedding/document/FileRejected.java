package com.t3chat.embedding.document;

/**
 * The file cannot be processed, for a reason a person can read, under a stable code (the codes of
 * {@link com.t3chat.contracts.embedding.AttachmentFailed}). Retrying would not help.
 */
public class FileRejected extends RuntimeException {

    public static final String INFECTED = "infected";
    public static final String TOO_MANY_PAGES = "too-many-pages";
    public static final String IMAGE_TOO_LARGE = "image-too-large";
    public static final String TEXT_TOO_LARGE = "text-too-large";
    public static final String UNREADABLE = "unreadable";
    public static final String TIMEOUT = "timeout";
    public static final String MISSING = "missing";
    public static final String INTERNAL = "internal";

    private final String code;

    public FileRejected(String code, String reason) {
        super(reason);
        this.code = code;
    }

    public FileRejected(String code, String reason, Throwable cause) {
        super(reason, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }

    public String reason() {
        return getMessage();
    }
}
