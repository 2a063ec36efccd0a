/** A failed API call: the service's problem+json (stable `type`) or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  /** e.g. `urn:t3chat:problem:validation`; `network` when the server could not be reached. */
  readonly type: string;
  readonly detail?: string;
  readonly errors: { field: string; message: string }[];
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const detail = typeof body.detail === "string" ? body.detail : undefined;
    const title = typeof body.title === "string" ? body.title : undefined;
    super(detail ?? title ?? `Request failed (${status})`);
    this.status = status;
    this.type = typeof body.type === "string" ? body.type : "about:blank";
    this.detail = detail;
    this.errors = Array.isArray(body.errors) ? (body.errors as { field: string; message: string }[]) : [];
    this.body = body;
  }

  /** The slug after `urn:t3chat:problem:` (e.g. `validation`, `key-rejected`). */
  get slug(): string {
    return this.type.startsWith("urn:t3chat:problem:") ? this.type.substring("urn:t3chat:problem:".length) : this.type;
  }

  /** What to show a person: field errors joined, else the detail. */
  get readable(): string {
    if (this.errors.length > 0) return this.errors.map((e) => e.message).join(" · ");
    return this.message;
  }
}

export async function toApiError(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    const text = await response.text();
    body = text ? JSON.parse(text) : {};
  } catch {
    body = {};
  }
  return new ApiError(response.status, body);
}
