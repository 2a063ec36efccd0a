/**
 * Sign-in with Keycloak: OpenID Connect Authorization Code + PKCE (S256) for the public client `t3chat-web`.
 * Tokens live only in this module's memory (never in storage); the access token is refreshed shortly before it
 * expires. A reload signs in again without a prompt while Keycloak's own session lasts (`prompt=none`).
 */

export interface SignInConfig {
  issuer: string;
  clientId: string;
}

export interface PublicConfig {
  productName: string;
  announcement: string;
  signIn: SignInConfig;
  /** The largest file an upload may be (absent from an older server: the server's 413 then says it). */
  attachments?: { maxFileSizeBytes: number };
}

interface Tokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  expiresAt: number;
}

interface PendingLogin {
  state: string;
  verifier: string;
  returnTo: string;
  silent: boolean;
}

const PENDING_KEY = "t3chat.pending-login";
const CALLBACK_PATH = "/auth/callback";
const SIGNED_OUT_PATH = "/signed-out";

let config: SignInConfig | null = null;
let tokens: Tokens | null = null;
let refreshTimer: number | undefined;
let refreshing: Promise<string | null> | null = null;

export type SessionOutcome =
  | { kind: "signed-in" }
  | { kind: "signed-out"; error?: string }
  | { kind: "redirecting" };

function endpoint(name: "auth" | "token" | "logout"): string {
  if (!config) throw new Error("sign-in is not configured");
  return `${config.issuer.replace(/\/+$/, "")}/protocol/openid-connect/${name}`;
}

function redirectUri(): string {
  return window.location.origin + CALLBACK_PATH;
}

function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomString(bytes = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function challengeFor(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** Sends the browser to Keycloak. `silent`: no prompt, come back at once (signed in or not). */
export async function beginLogin(options: { silent?: boolean; register?: boolean; returnTo?: string } = {}) {
  const verifier = randomString();
  const pending: PendingLogin = {
    state: randomString(16),
    verifier,
    returnTo: options.returnTo ?? window.location.pathname + window.location.search,
    silent: options.silent ?? false,
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const params = new URLSearchParams({
    client_id: config!.clientId,
    redirect_uri: redirectUri(),
    response_type: "code",
    scope: "openid",
    state: pending.state,
    code_challenge: await challengeFor(verifier),
    code_challenge_method: "S256",
  });
  if (options.silent) params.set("prompt", "none");
  if (options.register) params.set("prompt", "create");
  window.location.assign(`${endpoint("auth")}?${params}`);
}

async function tokenRequest(form: Record<string, string>): Promise<Tokens> {
  const response = await fetch(endpoint("token"), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: config!.clientId, ...form }),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  const body = await response.json();
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    idToken: body.id_token ?? tokens?.idToken,
    expiresAt: Date.now() + body.expires_in * 1000,
  };
}

function store(next: Tokens | null) {
  tokens = next;
  window.clearTimeout(refreshTimer);
  if (next?.refreshToken) {
    // refresh at 70% of the lifetime (a 5-minute token: after 3.5 minutes)
    const delay = Math.max(5_000, (next.expiresAt - Date.now()) * 0.7);
    refreshTimer = window.setTimeout(() => void refresh(), delay);
  }
}

async function refresh(): Promise<string | null> {
  if (!tokens?.refreshToken) return null;
  refreshing ??= tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refreshToken })
    .then((next) => {
      store(next);
      return next.accessToken;
    })
    .catch(() => {
      store(null);
      return null;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/**
 * Starts the session when the app loads: finishes a redirect from Keycloak, or tries a silent sign-in once.
 */
export async function startSession(signIn: SignInConfig): Promise<SessionOutcome> {
  config = signIn;
  const url = new URL(window.location.href);
  if (url.pathname === CALLBACK_PATH) {
    const pending: PendingLogin | null = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? "null");
    sessionStorage.removeItem(PENDING_KEY);
    const returnTo = pending?.returnTo && pending.returnTo.startsWith("/") ? pending.returnTo : "/";
    window.history.replaceState(null, "", returnTo.startsWith(CALLBACK_PATH) ? "/" : returnTo);
    const code = url.searchParams.get("code");
    if (!pending || url.searchParams.get("state") !== pending.state) {
      return { kind: "signed-out", error: "The sign-in could not be completed. Please try again." };
    }
    if (!code) {
      const error = url.searchParams.get("error");
      const quiet = pending.silent && (error === "login_required" || error === "interaction_required");
      return { kind: "signed-out", error: quiet ? undefined : url.searchParams.get("error_description") ?? error ?? undefined };
    }
    try {
      store(await tokenRequest({
        grant_type: "authorization_code",
        code,
        redirect_uri: redirectUri(),
        code_verifier: pending.verifier,
      }));
      return { kind: "signed-in" };
    } catch {
      return { kind: "signed-out", error: "The sign-in could not be completed. Please try again." };
    }
  }
  if (url.pathname === SIGNED_OUT_PATH) {
    window.history.replaceState(null, "", "/");
    return { kind: "signed-out" };
  }
  await beginLogin({ silent: true });
  return { kind: "redirecting" };
}

/** The current access token, refreshed first when it is about to expire; null when signed out. */
export async function accessToken(): Promise<string | null> {
  if (!tokens) return null;
  if (tokens.expiresAt - Date.now() < 20_000) return refresh();
  return tokens.accessToken;
}

/** After a 401: one refresh, else null (the caller then asks for a new sign-in). */
export function refreshAfterRejection(): Promise<string | null> {
  return refresh();
}

/** Ends the Keycloak session too, then comes back to the signed-out page. */
export function signOut() {
  const idToken = tokens?.idToken;
  store(null);
  const params = new URLSearchParams({
    client_id: config!.clientId,
    post_logout_redirect_uri: window.location.origin + SIGNED_OUT_PATH,
  });
  if (idToken) params.set("id_token_hint", idToken);
  window.location.assign(`${endpoint("logout")}?${params}`);
}
