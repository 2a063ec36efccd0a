package com.t3chat.llm.egress;

import dev.langchain4j.http.client.sse.ServerSentEvent;
import java.util.Objects;

/**
 * A server-sent event whose name and data are given up once its listener has handled it. langchain4j's streaming
 * models keep every raw event of a stream until the stream ends, for response metadata this service never reads
 * ({@code OpenAiStreamingResponseBuilder.rawServerSentEvents} in 1.19, and alike for Anthropic): some 300 bytes per
 * token, so a thousand long streams filled llm-service's heap (the bench's open-streams phase: out of memory at
 * {@code -Xmx512m}). With this, what such a list keeps is an empty object per event (tens of bytes), and a stream's
 * memory stays bounded by its text. The listeners parse an event while {@code onEvent} runs (checked for 1.19); one
 * that kept an event to read later would find it empty: the metadata's raw events are empty here.
 */
final class ForgetfulEvent extends ServerSentEvent {

    private String event;
    private String data;

    ForgetfulEvent(ServerSentEvent of) {
        super(null, null);
        this.event = of.event();
        this.data = of.data();
    }

    @Override
    public String event() {
        return event;
    }

    @Override
    public String data() {
        return data;
    }

    /** Called once the listener returned from {@code onEvent}. */
    void forget() {
        event = null;
        data = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ForgetfulEvent that && Objects.equals(event, that.event)
                && Objects.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(event, data);
    }

    @Override
    public String toString() {
        return "ServerSentEvent{event=" + event + ", data=" + data + "}";
    }
}
