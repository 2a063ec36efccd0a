package com.t3chat.chat.message;

import jakarta.validation.constraints.Pattern;

/** @param model another model to answer with; absent means the model of the reply being regenerated */
record RegenerateRequest(@Pattern(regexp = ModelIds.PATTERN, message = ModelIds.MESSAGE) String model) {
}
