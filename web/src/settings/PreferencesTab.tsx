import { useState, type FormEvent, type ReactNode } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/http";
import type { Me, Model, ModelCatalog, Preferences } from "../api/types";
import { navigate } from "../app/router";
import { applyTheme } from "../theme/theme";
import { Button } from "../ui/Button";
import { formatCompact, formatPrice } from "./format";
import { PROVIDERS, providerName } from "./providers";
import {
  InlineError, LoadError, SaveStatus, Section, SectionSkeleton, Skeleton,
  fieldError, formError, inputClass, labelClass, readable,
} from "./SettingsSection";
import { MonitorIcon, MoonIcon, SunIcon } from "../ui/icons";

type Theme = Preferences["theme"];

/** `PATCH /api/me`: only what is present changes; "" clears a text field. */
interface MeChange {
  displayName?: string;
  preferences?: { defaultModel?: string; theme?: Theme; customInstructions?: string };
}

export const INSTRUCTIONS_LIMIT = 4000;

/** Saves part of the profile; the answer is the whole new profile, which becomes the `["me"]` cache. */
function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: MeChange) => api<Me>("/api/me", { method: "PATCH", body: change }),
    onSuccess: (me) => queryClient.setQueryData(["me"], me),
  });
}

export function PreferencesTab() {
  const me = useQuery({ queryKey: ["me"], queryFn: () => api<Me>("/api/me") });
  if (me.isPending) {
    return (
      <div className="space-y-4">
        <SectionSkeleton label="Loading your preferences" lines={1} />
        <SectionSkeleton label="Loading your preferences" lines={1} />
        <SectionSkeleton label="Loading your preferences" lines={3} />
      </div>
    );
  }
  if (me.isError) return <LoadError what="your preferences" error={me.error} onRetry={() => void me.refetch()} />;
  const { preferences } = me.data;
  return (
    <div className="space-y-4">
      <ThemeSection saved={preferences.theme} />
      <DefaultModelSection saved={preferences.defaultModel ?? ""} />
      <ProfileSection me={me.data} />
      <InstructionsSection saved={preferences.customInstructions ?? ""} />
    </div>
  );
}

const THEMES: { value: Theme; label: string; icon: ReactNode }[] = [
  { value: "light", label: "Light", icon: <SunIcon /> },
  { value: "dark", label: "Dark", icon: <MoonIcon /> },
  { value: "system", label: "System", icon: <MonitorIcon /> },
];

function ThemeSection({ saved }: { saved: Theme }) {
  const [theme, setTheme] = useState<Theme>(saved);
  const update = useUpdateMe();

  const choose = (next: Theme) => {
    setTheme(next);
    applyTheme(next);
    update.mutate({ preferences: { theme: next } });
  };

  return (
    <Section id="theme" title="Theme" description="Applies at once, and follows you to your other devices."
      action={<SaveStatus pending={update.isPending} saved={update.isSuccess} />}>
      <fieldset>
        <legend className="sr-only">Theme</legend>
        <div className="grid grid-cols-3 gap-2 sm:gap-3">
          {THEMES.map((t) => (
            <label key={t.value}
              className="cursor-pointer rounded-lg border border-neutral-200 p-1.5 transition-colors hover:border-neutral-400 has-[:checked]:border-accent has-[:checked]:ring-1 has-[:checked]:ring-accent has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent/60 sm:p-2 dark:border-neutral-700 dark:hover:border-neutral-500">
              <input type="radio" name="theme" value={t.value} checked={theme === t.value}
                onChange={() => choose(t.value)} className="sr-only" />
              <ThemePreview theme={t.value} />
              <span className="mt-2 flex items-center gap-1.5 px-0.5 text-sm font-medium">
                {t.icon}
                {t.label}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {update.isError && (
        <InlineError>Applied on this device, but not saved: {readable(update.error)}</InlineError>
      )}
    </Section>
  );
}

function ThemePreview({ theme }: { theme: Theme }) {
  const pane = (dark: boolean) => (
    <div className={`flex flex-1 flex-col gap-1 p-1.5 ${dark ? "bg-neutral-900" : "bg-white"}`}>
      <div className={`h-1.5 w-3/4 rounded-full ${dark ? "bg-neutral-600" : "bg-neutral-300"}`} />
      <div className="ml-auto h-1.5 w-1/2 rounded-full bg-accent/80" />
      <div className={`h-1.5 w-2/3 rounded-full ${dark ? "bg-neutral-700" : "bg-neutral-200"}`} />
    </div>
  );
  return (
    <div aria-hidden="true" className="flex h-12 overflow-hidden rounded-md border border-neutral-200 sm:h-14 dark:border-neutral-700">
      {theme === "system" ? <>{pane(false)}{pane(true)}</> : pane(theme === "dark")}
    </div>
  );
}

function DefaultModelSection({ saved }: { saved: string }) {
  const models = useQuery({ queryKey: ["models"], queryFn: () => api<ModelCatalog>("/api/models") });
  const [value, setValue] = useState(saved);
  const update = useUpdateMe();

  const choose = (next: string) => {
    setValue(next);
    update.mutate({ preferences: { defaultModel: next } }, { onError: () => setValue(saved) });
  };

  const error = fieldError(update.error, "preferences.defaultModel");
  const other = formError(update.error, ["preferences.defaultModel"]);

  return (
    <Section id="default-model" title="Default model" description="New chats start with this model; you can switch in any chat."
      action={<SaveStatus pending={update.isPending} saved={update.isSuccess} />}>
      {models.isPending ? (
        <div role="status" aria-label="Loading models"><Skeleton className="h-9 w-full" /></div>
      ) : models.isError ? (
        <LoadError what="the models" error={models.error} onRetry={() => void models.refetch()} />
      ) : (
        <>
          <label htmlFor="default-model-select" className={labelClass}>Model for new chats</label>
          <ModelSelect catalog={models.data} value={value} onChange={choose} invalid={!!error}
            disabled={update.isPending} />
          {error && <InlineError>{error}</InlineError>}
          {other && <InlineError>{other}</InlineError>}
          <ModelNotes catalog={models.data} value={value} />
        </>
      )}
    </Section>
  );
}

/** Groups the catalogue by provider, in the Keys tab's order (unknown providers last). */
function byProvider(items: Model[]): [string, Model[]][] {
  const order = (provider: string) => {
    const index = PROVIDERS.findIndex((p) => p.id === provider);
    return index < 0 ? PROVIDERS.length : index;
  };
  const groups = new Map<string, Model[]>();
  for (const model of items) groups.set(model.provider, [...(groups.get(model.provider) ?? []), model]);
  return [...groups.entries()].sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b));
}

function shortReason(model: Model): string {
  const provider = PROVIDERS.find((p) => p.id === model.provider);
  if (provider?.baseUrlRequired) return `needs your ${provider.name} endpoint`;
  return `needs your ${providerName(model.provider)} key`;
}

function ModelSelect({ catalog, value, onChange, invalid, disabled }: {
  catalog: ModelCatalog;
  value: string;
  onChange: (id: string) => void;
  invalid: boolean;
  disabled: boolean;
}) {
  const catalogDefault = catalog.items.find((m) => m.id === catalog.defaultModel);
  const known = value === "" || catalog.items.some((m) => m.id === value);
  return (
    <select id="default-model-select" value={value} onChange={(e) => onChange(e.target.value)}
      aria-invalid={invalid} disabled={disabled} className={`${inputClass} pr-8`}>
      <option value="">Catalogue default{catalogDefault ? ` (${catalogDefault.displayName})` : ""}</option>
      {byProvider(catalog.items).map(([provider, items]) => (
        <optgroup key={provider} label={providerName(provider)}>
          {items.map((m) => (
            <option key={m.id} value={m.id} disabled={!m.availability.usable}
              title={m.availability.missing ?? undefined}>
              {m.displayName}
              {m.availability.usable ? "" : ` — ${shortReason(m)}`}
            </option>
          ))}
        </optgroup>
      ))}
      {!known && <option value={value} disabled>{value} (no longer offered)</option>}
    </select>
  );
}

function keySourceLabel(model: Model): string | null {
  switch (model.availability.keySource) {
    case "own": return "with your key";
    case "system": return "with the shared key";
    case "none": return "no key needed";
    default: return null;
  }
}

/** What the chosen model is (context, price, whose key), and what to do if it cannot be used now. */
function ModelNotes({ catalog, value }: { catalog: ModelCatalog; value: string }) {
  const model = catalog.items.find((m) => m.id === (value || catalog.defaultModel));
  const unusable = catalog.items.filter((m) => !m.availability.usable).length;
  const facts = model
    ? [
        model.contextWindow ? `${formatCompact(model.contextWindow)} context` : null,
        model.price
          ? `${formatPrice(model.price.inputPerMillion)} in / ${formatPrice(model.price.outputPerMillion)} out per 1M tokens`
          : null,
        model.availability.usable ? keySourceLabel(model) : null,
      ].filter(Boolean)
    : [];
  return (
    <div className="mt-2 space-y-2 text-sm text-neutral-600 dark:text-neutral-400">
      {facts.length > 0 && <p>{facts.join(" · ")}</p>}
      {model && !model.availability.usable && (
        <p className="rounded-lg bg-amber-50 px-3 py-2 text-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
          {model.availability.missing ?? `${model.displayName} can’t be used right now.`}
        </p>
      )}
      {unusable > 0 && (
        <p>
          {unusable === 1 ? "1 model needs" : `${unusable} models need`} a key of your own.{" "}
          <a href="/settings/keys" onClick={(e) => { e.preventDefault(); navigate("/settings/keys"); }}
            className="font-medium text-accent underline-offset-2 hover:underline dark:text-pink-300">
            Add API keys
          </a>
        </p>
      )}
    </div>
  );
}

function ProfileSection({ me }: { me: Me }) {
  const [name, setName] = useState(me.displayName);
  const update = useUpdateMe();
  const dirty = name.trim() !== me.displayName;
  const error = fieldError(update.error, "displayName");
  const other = formError(update.error, ["displayName"]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (dirty) update.mutate({ displayName: name.trim() }, { onSuccess: (saved) => setName(saved.displayName) });
  };

  return (
    <Section id="profile" title="Profile"
      description={<>Signed in as <span className="font-medium text-neutral-800 dark:text-neutral-200">{me.username}</span>{me.email ? ` · ${me.email}` : ""}</>}>
      <form onSubmit={submit} noValidate>
        <label htmlFor="display-name" className={labelClass}>Display name</label>
        <input id="display-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100}
          autoComplete="nickname" aria-invalid={!!error} aria-describedby="display-name-hint" className={inputClass} />
        <p id="display-name-hint" className="mt-1.5 text-xs text-neutral-500 dark:text-neutral-400">
          Up to 100 characters. Leave it empty to go by your username.
        </p>
        {error && <InlineError>{error}</InlineError>}
        {other && <InlineError>{other}</InlineError>}
        <div className="mt-3 flex flex-wrap items-center justify-end gap-2">
          <SaveStatus pending={update.isPending} saved={update.isSuccess && !dirty} />
          <Button type="submit" variant="primary" disabled={!dirty || update.isPending}>Save</Button>
        </div>
      </form>
    </Section>
  );
}

function InstructionsSection({ saved }: { saved: string }) {
  const [text, setText] = useState(saved);
  const update = useUpdateMe();
  const dirty = text !== saved;
  const over = text.length > INSTRUCTIONS_LIMIT;
  const error = fieldError(update.error, "preferences.customInstructions");
  const other = formError(update.error, ["preferences.customInstructions"]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (dirty && !over) update.mutate({ preferences: { customInstructions: text } });
  };

  return (
    <Section id="instructions" title="Custom instructions"
      description="Sent with every chat, so you don’t have to repeat yourself.">
      <form onSubmit={submit} noValidate>
        <label htmlFor="custom-instructions" className={labelClass}>
          What should the assistant know about you, and how should it answer?
        </label>
        <textarea id="custom-instructions" value={text} onChange={(e) => setText(e.target.value)} rows={7}
          aria-invalid={over || !!error} aria-describedby="custom-instructions-count"
          placeholder="e.g. I’m a backend engineer. Keep answers short, and show code in Kotlin."
          className={`${inputClass} min-h-32 resize-y leading-relaxed`} />
        <p id="custom-instructions-count"
          className={`mt-1.5 text-right text-xs tabular-nums ${over ? "font-medium text-red-700 dark:text-red-300" : "text-neutral-500 dark:text-neutral-400"}`}>
          {text.length.toLocaleString("en-US")} / {INSTRUCTIONS_LIMIT.toLocaleString("en-US")}
          {over && ` — ${(text.length - INSTRUCTIONS_LIMIT).toLocaleString("en-US")} over the limit`}
        </p>
        {error && <InlineError>{error}</InlineError>}
        {other && <InlineError>{other}</InlineError>}
        <div className="mt-3 flex flex-wrap items-center justify-end gap-2">
          <SaveStatus pending={update.isPending} saved={update.isSuccess && !dirty} />
          {dirty && !update.isPending && (
            <Button variant="ghost" onClick={() => { setText(saved); update.reset(); }}>Discard changes</Button>
          )}
          <Button type="submit" variant="primary" disabled={!dirty || over || update.isPending}>Save</Button>
        </div>
      </form>
    </Section>
  );
}
