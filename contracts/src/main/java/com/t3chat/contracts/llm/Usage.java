package com.t3chat.contracts.llm;

/** Tokens a reply consumed, as the provider reported them (or estimated for the offline model). */
public record Usage(long inputTokens, long outputTokens) {
}
