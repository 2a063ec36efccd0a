import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api } from "../api/http";
import { ApiError } from "../api/problem";
import type { ProviderKey } from "../api/types";
import { Button } from "../ui/Button";
import { CheckIcon } from "../ui/icons";
import { formatDateTime, formatRelative } from "./format";
import { PROVIDERS, type ProviderInfo } from "./providers";
import { ConfirmRemoval, InlineError, LoadError, SectionSkeleton, fieldError, inputClass, labelClass, readable } from "./SettingsSection";
import { EyeIcon, EyeOffIcon, KeyIcon, Spinner } from "../ui/icons";

interface KeyList {
  items: ProviderKey[];
}

/** After a key is added or removed: the list, and which models can be used, change. */
function afterChange(queryClient: QueryClient, provider: string, saved: ProviderKey | null) {
  queryClient.setQueryData<KeyList>(["keys"], (old) => {
    const others = (old?.items ?? []).filter((k) => k.provider !== provider);
    return { items: saved ? [...others, saved] : others };
  });
  void queryClient.invalidateQueries({ queryKey: ["keys"] });
  void queryClient.invalidateQueries({ queryKey: ["models"] });
}

export function KeysTab() {
  const keys = useQuery({ queryKey: ["keys"], queryFn: () => api<KeyList>("/api/keys") });
  return (
    <div className="space-y-4">
      <p className="text-sm text-neutral-600 dark:text-neutral-400">
        Bring your own keys to use models the shared key doesn’t cover, or to be billed by the provider directly.
        Each key is checked with its provider before it is saved, kept encrypted, and never shown again in full.
      </p>
      {keys.isPending ? (
        <SectionSkeleton label="Loading your keys" lines={6} />
      ) : keys.isError ? (
        <LoadError what="your keys" error={keys.error} onRetry={() => void keys.refetch()} />
      ) : (
        <ul className="divide-y divide-neutral-200 overflow-hidden rounded-xl border border-neutral-200 dark:divide-neutral-800 dark:border-neutral-800">
          {PROVIDERS.map((provider) => (
            <KeyRow key={provider.id} provider={provider}
              saved={keys.data.items.find((k) => k.provider === provider.id) ?? null} />
          ))}
        </ul>
      )}
    </div>
  );
}

type Mode = "idle" | "editing" | "confirm-remove";

function KeyRow({ provider, saved }: { provider: ProviderInfo; saved: ProviderKey | null }) {
  const [mode, setMode] = useState<Mode>("idle");
  const [justSaved, setJustSaved] = useState(false);
  const queryClient = useQueryClient();
  const headingId = useId();
  // when the form or the confirmation closes, focus goes back to the button that opened it
  const actionRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (mode === "idle" && returnFocus.current) actionRef.current?.focus();
    returnFocus.current = mode !== "idle";
  }, [mode]);

  const remove = useMutation({
    mutationFn: () => api<void>(`/api/keys/${encodeURIComponent(provider.id)}`, { method: "DELETE" }),
    onSuccess: () => {
      afterChange(queryClient, provider.id, null);
      setMode("idle");
      setJustSaved(false);
    },
    onError: (error) => {
      // already gone (removed in another tab): the list is what is out of date
      if (error instanceof ApiError && error.status === 404) {
        afterChange(queryClient, provider.id, null);
        setMode("idle");
      }
    },
  });

  return (
    <li data-testid={`key-row-${provider.id}`} aria-labelledby={headingId}
      className="bg-white p-4 sm:p-5 dark:bg-neutral-900/40">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h3 id={headingId} className="font-semibold">{provider.name}</h3>
            {saved ? (
              <span className="inline-flex items-center gap-1 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-300">
                <CheckIcon /> Connected
              </span>
            ) : (
              <span className="rounded-full bg-neutral-100 px-2 py-0.5 text-xs font-medium text-neutral-600 dark:bg-neutral-800 dark:text-neutral-400">
                Not set
              </span>
            )}
          </div>
          <p className="mt-0.5 text-sm text-neutral-500 dark:text-neutral-400">{provider.blurb}</p>
          {saved && <KeyDetails saved={saved} />}
        </div>
        {mode === "idle" && (
          <div className="flex shrink-0 gap-2">
            <Button ref={actionRef} onClick={() => { setMode("editing"); setJustSaved(false); }}
              aria-label={saved ? `Replace ${provider.name} key` : `Add key for ${provider.name}`}>
              <KeyIcon /> {saved ? "Replace" : "Add key"}
            </Button>
            {saved && (
              <Button variant="ghost" onClick={() => { remove.reset(); setMode("confirm-remove"); }}
                aria-label={`Remove ${provider.name} key`}
                className="text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950/40">
                Remove
              </Button>
            )}
          </div>
        )}
      </div>

      {justSaved && mode === "idle" && saved && (
        <p role="status" className="mt-3 flex items-center gap-1.5 text-sm text-emerald-700 dark:text-emerald-400">
          <CheckIcon /> {saved.maskedKey ? `${provider.name} accepted the key.` : `${provider.name} answered at that address.`} It’s saved.
        </p>
      )}

      {mode === "editing" && (
        <KeyForm provider={provider} saved={saved} onCancel={() => setMode("idle")}
          onSaved={() => { setMode("idle"); setJustSaved(true); }} />
      )}

      {mode === "confirm-remove" && (
        <ConfirmRemoval label={`Remove ${provider.name} key`} action="Remove key" pendingAction="Removing…"
          pending={remove.isPending} error={remove.isError ? remove.error : null}
          onCancel={() => setMode("idle")} onConfirm={() => remove.mutate()}>
          Remove your {provider.name} {provider.keyRequired ? "key" : "endpoint"}? Its models will use the shared key
          where it is allowed, or stop working until you add one again.
        </ConfirmRemoval>
      )}
    </li>
  );
}

function KeyDetails({ saved }: { saved: ProviderKey }) {
  return (
    <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-sm">
      <dt className="text-neutral-500 dark:text-neutral-400">Key</dt>
      <dd className="text-neutral-800 dark:text-neutral-200">
        {saved.maskedKey ? <span className="font-mono">{saved.maskedKey}</span> : "No key"}
      </dd>
      {saved.baseUrl && (
        <>
          <dt className="text-neutral-500 dark:text-neutral-400">Base URL</dt>
          <dd className="truncate font-mono text-neutral-800 dark:text-neutral-200" title={saved.baseUrl}>{saved.baseUrl}</dd>
        </>
      )}
      <dt className="text-neutral-500 dark:text-neutral-400">Added</dt>
      <dd title={formatDateTime(saved.addedAt)}>{formatRelative(saved.addedAt)}</dd>
      <dt className="text-neutral-500 dark:text-neutral-400">Last used</dt>
      <dd title={saved.lastUsedAt ? formatDateTime(saved.lastUsedAt) : undefined}>
        {saved.lastUsedAt ? formatRelative(saved.lastUsedAt) : "Not used yet"}
      </dd>
    </dl>
  );
}

/** What a failed check means, in the words to show under the form. */
function checkFailure(provider: ProviderInfo, error: unknown): string {
  if (!(error instanceof ApiError)) return readable(error);
  switch (error.slug) {
    case "key-rejected":
      return error.detail ?? `${provider.name} rejected this key.`;
    case "provider-unreachable":
      return error.detail ?? `${provider.name} could not be reached to check the key; nothing was saved. Try again later.`;
    case "base-url-refused":
      return error.detail ?? "This base URL cannot be used.";
    default:
      return error.readable;
  }
}

function KeyForm({ provider, saved, onSaved, onCancel }: {
  provider: ProviderInfo;
  saved: ProviderKey | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const id = useId();
  const [apiKey, setApiKey] = useState("");
  const [baseUrl, setBaseUrl] = useState(saved?.baseUrl ?? "");
  const [showKey, setShowKey] = useState(false);
  const [customUrl, setCustomUrl] = useState(provider.baseUrlRequired || !!saved?.baseUrl);
  const [missing, setMissing] = useState<{ apiKey?: string; baseUrl?: string }>({});

  const save = useMutation({
    mutationFn: (body: { apiKey: string; baseUrl?: string }) =>
      api<ProviderKey>(`/api/keys/${encodeURIComponent(provider.id)}`, { method: "PUT", body }),
    onSuccess: (key) => {
      afterChange(queryClient, provider.id, key);
      onSaved();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const key = apiKey.trim();
    const url = customUrl ? baseUrl.trim() : "";
    const problems: typeof missing = {};
    if (provider.keyRequired && !key) problems.apiKey = `Paste your ${provider.name} API key.`;
    if (provider.baseUrlRequired && !url) problems.baseUrl = `Enter the address of your ${provider.name} server.`;
    else if (url && !/^https?:\/\/\S+$/i.test(url)) problems.baseUrl = "Enter a full address starting with http:// or https://.";
    setMissing(problems);
    if (problems.apiKey || problems.baseUrl) return;
    save.mutate(url ? { apiKey: key, baseUrl: url } : { apiKey: key });
  };

  const refused = save.error instanceof ApiError && save.error.slug === "base-url-refused";
  const keyError = missing.apiKey ?? fieldError(save.error, "apiKey");
  const urlError = missing.baseUrl ?? fieldError(save.error, "baseUrl") ?? (refused ? checkFailure(provider, save.error) : undefined);
  const handledInline = !!fieldError(save.error, "apiKey") || !!fieldError(save.error, "baseUrl") || refused;
  const error = save.isError && !handledInline ? checkFailure(provider, save.error) : undefined;

  const keyField = (
    <div>
      <label htmlFor={`${id}-key`} className={labelClass}>API key</label>
      <div className="relative">
        <input id={`${id}-key`} type={showKey ? "text" : "password"} value={apiKey}
          onChange={(e) => setApiKey(e.target.value)} placeholder={provider.keyPlaceholder}
          autoComplete="off" spellCheck={false} autoCapitalize="off" data-1p-ignore data-lpignore="true"
          aria-invalid={!!keyError} aria-describedby={`${id}-key-hint`} disabled={save.isPending}
          autoFocus={!provider.baseUrlRequired}
          className={`${inputClass} pr-10 font-mono`} />
        <button type="button" onClick={() => setShowKey((v) => !v)} aria-pressed={showKey}
          aria-label={showKey ? "Hide key" : "Show key"} title={showKey ? "Hide key" : "Show key"}
          className="absolute inset-y-0 right-0 flex w-10 items-center justify-center rounded-r-lg text-neutral-500 hover:text-neutral-900 dark:hover:text-neutral-100">
          {showKey ? <EyeOffIcon /> : <EyeIcon />}
        </button>
      </div>
      <p id={`${id}-key-hint`} className="mt-1 text-xs text-neutral-500 dark:text-neutral-400">
        {provider.keyRequired
          ? saved ? "The new key replaces the one saved." : "Stored encrypted; only its last four characters are shown."
          : "Optional: only if your server asks for one."}
      </p>
      {keyError && <InlineError>{keyError}</InlineError>}
    </div>
  );

  const urlField = customUrl ? (
    <div>
      <label htmlFor={`${id}-url`} className={labelClass}>
        Base URL{provider.baseUrlRequired ? "" : " (optional)"}
      </label>
      <input id={`${id}-url`} type="url" inputMode="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)}
        placeholder={provider.baseUrlPlaceholder} autoComplete="off" spellCheck={false} autoCapitalize="off"
        aria-invalid={!!urlError} disabled={save.isPending} autoFocus={provider.baseUrlRequired}
        className={`${inputClass} font-mono`} />
      <p className="mt-1 text-xs text-neutral-500 dark:text-neutral-400">
        {provider.baseUrlRequired
          ? "Must be reachable from our servers over the internet."
          : `For a proxy in front of ${provider.name}; leave empty for the default endpoint.`}
      </p>
      {urlError && <InlineError>{urlError}</InlineError>}
    </div>
  ) : (
    <button type="button" onClick={() => setCustomUrl(true)}
      className="self-start text-sm font-medium text-neutral-600 underline-offset-2 hover:text-neutral-900 hover:underline dark:text-neutral-400 dark:hover:text-neutral-100">
      Use a custom base URL
    </button>
  );

  return (
    <form onSubmit={submit} noValidate aria-label={`${provider.name} key`}
      className="mt-4 flex flex-col gap-4 rounded-lg border border-neutral-200 bg-neutral-50 p-3 sm:p-4 dark:border-neutral-800 dark:bg-neutral-950/60">
      {provider.baseUrlRequired ? <>{urlField}{keyField}</> : <>{keyField}{urlField}</>}

      {save.isPending && (
        <p role="status" className="flex items-center gap-2 text-sm text-neutral-600 dark:text-neutral-300">
          <Spinner /> Checking with {provider.name}…
        </p>
      )}
      {error && (
        <p role="alert"
          className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200">
          {error}
        </p>
      )}

      <div className="flex flex-wrap justify-end gap-2">
        <Button onClick={onCancel} disabled={save.isPending}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={save.isPending}>Save key</Button>
      </div>
    </form>
  );
}
