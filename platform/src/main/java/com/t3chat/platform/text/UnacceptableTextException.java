package com.t3chat.platform.text;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON string that {@link TextRule} refuses. Jackson adds the path of the field as the exception travels up
 * through the objects and arrays being read; {@link #field()} spells it the way validation errors name fields
 * ({@code preferences.customInstructions}, {@code items[2].name}).
 */
public class UnacceptableTextException extends MismatchedInputException {

    /** Where in a JSON tree the refused text is, below the path Jackson records (empty for a plain string). */
    private final String within;

    UnacceptableTextException(JsonParser parser, String message, String within) {
        super(parser, message, String.class);
        this.within = within;
    }

    /** The dotted path of the refused field; empty for a bare string at the top level. */
    public String field() {
        String outer = field(getPath());
        if (within.isEmpty() || outer.isEmpty()) {
            return outer + within;
        }
        return within.startsWith("[") ? outer + within : outer + "." + within;
    }

    static String field(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }
}
