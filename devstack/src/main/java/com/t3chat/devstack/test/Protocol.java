package com.t3chat.devstack.test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One provider's wire format. The {@link ProviderSimulator} does what is common (recording, key checks, the model
 * name's script, pacing); a protocol says where its request keeps things and how its replies and errors look.
 */
interface Protocol {

    /** The API key the request carries, or null. */
    String key(Call call);

    /** Whether a request without a key is refused (Ollama has no keys). */
    default boolean keyRequired() {
        return true;
    }

    /** Answers 401: {@code key} is null when missing, else the rejected key, echoed in full. */
    void unauthorized(Call call, String key) throws IOException;

    /** Answers an HTTP error with this protocol's error body. */
    void error(Call call, int status, String message) throws IOException;

    /** The requested model name: the body's {@code model} by default. */
    default String model(Call call) {
        String model = Json.string(call.json(), "model");
        return model == null ? "" : model;
    }

    /** The request's limit on output tokens, or Integer.MAX_VALUE. */
    int maxTokens(Map<String, Object> request);

    /** How many image parts the request carries. */
    int images(Map<String, Object> request);

    /** Whether the request asks for reasoning in the way this provider needs to be asked. */
    boolean wantsThinking(Map<String, Object> request);

    /** A writer that streams a reply to the call. */
    Reply.Writer replyTo(Call call, String model);

    /** Answers the model listing with these ids. */
    void listModels(Call call, List<String> ids) throws IOException;
}
