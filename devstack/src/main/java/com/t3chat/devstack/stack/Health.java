package com.t3chat.devstack.stack;

/** A part's health as {@code status} shows it. */
public enum Health {
    UP, DOWN, NOT_RUNNING,
    /** an optional part whose program is not on this machine (clamd) */
    NOT_INSTALLED;

    public String label() {
        return switch (this) {
            case NOT_RUNNING -> "—";
            case NOT_INSTALLED -> "missing";
            default -> name();
        };
    }
}
