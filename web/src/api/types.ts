/** The API's bodies as the services send them (see README "API so far" and each service's OpenAPI). */

export interface Chat {
  id: string;
  title: string | null;
  model: string | null;
  pinned: boolean;
  archived: boolean;
  createdAt: string;
  lastActivityAt: string;
  currentLeafId: string | null;
  fallbackModel: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type MessageStatus = "pending" | "complete" | "failed";

export interface Message {
  id: string;
  parentId: string | null;
  role: "user" | "assistant";
  content: string;
  reasoning: string | null;
  notice: string | null;
  status: MessageStatus;
  model: string | null;
  createdAt: string;
  finishReason: string | null;
  usage: { inputTokens: number | null; outputTokens: number | null } | null;
  error: string | null;
  /** Of a pending reply: "queued" while the model service has not picked it up yet, then "generating". */
  phase?: "queued" | "generating" | null;
  /** Of a queued reply: when it was requested. */
  waitingSince?: string | null;
  /** The files sent with a user message (empty or absent when none). */
  attachments?: MessageAttachment[];
  /** In a page of the branch: which of its parent's versions (edits, regenerations) this is, 0 = oldest. */
  versionIndex?: number;
  /** In a page of the branch: how many versions its parent has, itself included. */
  versionCount?: number;
  /** In a page of the branch, when there are several versions: their ids, oldest first. */
  siblingIds?: string[];
}

/** A file as a message refers to it; `deleted` once the file was deleted (the reference stays). */
export interface MessageAttachment {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  deleted: boolean;
}

export type AttachmentStatus = "uploaded" | "processing" | "ready" | "failed";

/** attachment-service's representation of a file (the same in every answer). */
export interface Attachment {
  id: string;
  name: string;
  size: number;
  mediaType: string;
  status: AttachmentStatus;
  createdAt: string;
  chatId: string | null;
  pagesDone: number | null;
  pages: number | null;
  /** While processing: scan, extract, ocr, chunk, embed… */
  stage: string | null;
  chunks: number | null;
  ocrPages: number | null;
  characters: number | null;
  scan: "clean" | "skipped" | null;
  note: string | null;
  failureCode: string | null;
  failureReason: string | null;
  hasPreview: boolean;
  contentUrl: string;
  previewUrl: string | null;
}

export interface AttachmentUsage {
  usedBytes: number;
  usedFiles: number;
  quotaBytes: number;
  quotaFiles: number;
}

/** `GET …/messages`: a page of the active branch, newest first; `nextCursor` continues with older ones. */
export interface MessagePage {
  messages: Message[];
  currentLeafId: string | null;
  nextCursor: string | null;
}

export interface PostedMessages {
  userMessage: Message;
  assistantMessage: Message;
}

export interface Availability {
  usable: boolean;
  keySource: "own" | "system" | "none";
  missing: string | null;
}

export interface Model {
  id: string;
  displayName: string;
  provider: string;
  contextWindow: number | null;
  maxOutputTokens: number | null;
  capabilities: string[];
  price: { inputPerMillion: number; outputPerMillion: number } | null;
  isDefault: boolean;
  listed: boolean;
  availability: Availability;
}

export interface ModelCatalog {
  defaultModel: string;
  items: Model[];
}

export interface ProviderKey {
  provider: string;
  maskedKey: string;
  baseUrl: string | null;
  addedAt: string;
  lastUsedAt: string | null;
}

export interface Preferences {
  defaultModel: string | null;
  theme: "light" | "dark" | "system";
  customInstructions: string | null;
}

export interface Me {
  subject: string;
  username: string;
  email: string | null;
  roles: string[];
  displayName: string;
  preferences: Preferences;
}

export interface Share {
  token: string;
  url: string;
  messageId: string | null;
  createdAt: string;
}

export interface SharedChat {
  title: string | null;
  messages: { role: "user" | "assistant"; content: string; model: string | null; createdAt: string }[];
  sharedAt: string;
}

export interface SearchHit {
  chatId: string;
  chatTitle: string | null;
  /** null when the chat's title matched */
  messageId: string | null;
  role: "user" | "assistant" | null;
  snippet: { text: string; match: boolean }[];
}

export interface UsageRow {
  day: string;
  model: string;
  userId?: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface Usage {
  from: string;
  to: string;
  items: UsageRow[];
  totals: { requests: number; inputTokens: number; outputTokens: number; costUsd: number };
}
