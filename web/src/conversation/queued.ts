import type { Message } from "../api/types";
import type { LiveReply } from "./replyStreams";

export const QUEUED_LABEL = "Waiting for the model service…";

/**
 * Whether a reply waits for the model service to pick it up: its stream says so (or, before the stream has said
 * anything, the stored message does). Such a reply has not failed; it starts when the service is back.
 */
export function isQueued(message: Pick<Message, "status" | "phase">, live: Pick<LiveReply, "phase"> | undefined) {
  if (message.status !== "pending") return false;
  if (live && live.phase !== "connecting") return live.phase === "queued";
  return message.phase === "queued";
}
