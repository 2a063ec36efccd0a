package com.t3chat.chat.message;

/** The shape of a model id ({@code <provider>/<model>}); whether the model exists is llm-service's call. */
final class ModelIds {

    static final String PATTERN = "[a-z0-9][a-z0-9._-]{0,39}/[A-Za-z0-9][A-Za-z0-9._:/-]{0,159}";
    static final String MESSAGE = "must look like <provider>/<model>, e.g. offline/demo";

    private ModelIds() {
    }
}
