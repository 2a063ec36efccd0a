package com.t3chat.llm.egress;

/**
 * A request to a user-supplied endpoint was refused by the {@link EgressPolicy}, before any byte was sent to it. The
 * user can fix this (another URL), so callers answer it as a 400 problem, not as a provider failure.
 *
 * <p>The message is meant for the user: it names the host and the reason, never the full URL (which may carry a
 * key in its query) nor any header; for a host name it does not reveal the address it resolved to either.
 */
public final class EgressRefusedException extends RuntimeException {

    private final String host;
    private final String reason;

    EgressRefusedException(String host, String reason) {
        super(host == null ? "Refused: " + reason : "Refused to connect to " + host + ": " + reason);
        this.host = host;
        this.reason = reason;
    }

    /** The host the request was for, as written; null when the URL had none. */
    public String host() {
        return host;
    }

    /** Why, e.g. "it resolves to a private address". */
    public String reason() {
        return reason;
    }
}
