package com.t3chat.devstack.process;

/** A part that did not become ready: the message says which, why, and shows the end of its log. */
public class StartupFailure extends RuntimeException {

    public StartupFailure(String message) {
        super(message);
    }

    public StartupFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
