package com.t3chat.devstack.stack;

/** A part's health as {@code status} shows it. */
public enum Health {
    UP, DOWN, NOT_RUNNING;

    public String label() {
        return this == NOT_RUNNING ? "—" : name();
    }
}
