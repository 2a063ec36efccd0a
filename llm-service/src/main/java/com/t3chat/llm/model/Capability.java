package com.t3chat.llm.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a model can do beyond text, as the model menu shows it. */
public enum Capability {
    /** reads images attached to a message */
    VISION,
    /** thinks before answering; its reasoning streams separately */
    REASONING,
    /** can call tools */
    TOOLS,
    /** reads documents attached to a message */
    FILES;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
