package com.t3chat.attachment.attachment;

/** What a person stores against their quota. */
public record UsageResponse(long usedBytes, long usedFiles, long quotaBytes, long quotaFiles) {
}
