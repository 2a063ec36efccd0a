import { useMemo, useState } from "react";
import * as Popover from "@radix-ui/react-popover";
import type { Model } from "../api/types";
import { navigate } from "../app/router";
import { ChevronDownIcon } from "../ui/icons";
import { formatContext, formatPrice, useModels } from "./modelQueries";

const PROVIDERS: Record<string, string> = {
  openai: "OpenAI", anthropic: "Anthropic", gemini: "Google", openrouter: "OpenRouter", ollama: "Ollama",
  "openai-compatible": "Compatible", offline: "Offline",
};

export function providerName(provider: string): string {
  return PROVIDERS[provider] ?? provider;
}

export function modelLabel(models: Model[] | undefined, id: string | null): string {
  if (!id) return "Choose a model";
  return models?.find((m) => m.id === id)?.displayName ?? id;
}

function whyNotUsable(model: Model): string {
  if (model.availability.usable) return "";
  return model.availability.missing ?? "Not available right now";
}

/**
 * Picks a model: searchable, grouped by provider, each with context window, price, capabilities, and whether
 * it can be used now (and why not: e.g. which key to add).
 */
export function ModelPicker({ value, onChange, label = "Model" }: { value: string | null; onChange: (id: string) => void; label?: string }) {
  const models = useModels();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const items = models.data?.items;
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const byProvider = new Map<string, Model[]>();
    for (const model of items ?? []) {
      if (q && !`${model.displayName} ${model.id} ${model.provider}`.toLowerCase().includes(q)) continue;
      byProvider.set(model.provider, [...(byProvider.get(model.provider) ?? []), model]);
    }
    return [...byProvider.entries()];
  }, [items, query]);

  return (
    <Popover.Root open={open} onOpenChange={(next) => { setOpen(next); if (!next) setQuery(""); }}>
      <Popover.Trigger asChild>
        <button type="button" aria-label={`${label}: ${modelLabel(items, value)}`} data-testid="model-picker"
          className="inline-flex max-w-56 items-center gap-1 truncate rounded-lg px-2 py-1 text-sm text-neutral-700 hover:bg-neutral-100 dark:text-neutral-300 dark:hover:bg-neutral-800">
          <span className="truncate">{modelLabel(items, value)}</span>
          <ChevronDownIcon />
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content side="top" align="start" sideOffset={6} collisionPadding={8}
          className="z-50 flex max-h-[min(70vh,32rem)] w-[min(26rem,calc(100vw-1rem))] flex-col rounded-xl border border-neutral-200 bg-white shadow-xl dark:border-neutral-700 dark:bg-neutral-900">
          <input autoFocus value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search models…" aria-label="Search models"
            className="m-2 rounded-lg border border-neutral-200 bg-transparent px-3 py-1.5 text-sm outline-none focus:border-accent dark:border-neutral-700" />
          <div className="min-h-0 flex-1 overflow-y-auto px-1 pb-1" role="listbox" aria-label="Models">
            {models.isPending && <p className="p-3 text-sm text-neutral-500">Loading models…</p>}
            {models.isError && <p className="p-3 text-sm text-red-700">Models could not be loaded.</p>}
            {groups.length === 0 && models.isSuccess && <p className="p-3 text-sm text-neutral-500">No model matches.</p>}
            {groups.map(([provider, list]) => (
              <div key={provider} className="pb-1">
                <div className="px-2 pt-2 pb-1 text-xs font-medium text-neutral-500">{providerName(provider)}</div>
                {list.map((model) => (
                  <ModelOption key={model.id} model={model} selected={model.id === value}
                    onSelect={() => { onChange(model.id); setOpen(false); }} />
                ))}
              </div>
            ))}
          </div>
          <button type="button" onClick={() => { setOpen(false); navigate("/settings/keys"); }}
            className="border-t border-neutral-200 px-3 py-2 text-left text-xs text-accent hover:underline dark:border-neutral-700 dark:text-pink-300">
            Add your own provider keys in Settings
          </button>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

function ModelOption({ model, selected, onSelect }: { model: Model; selected: boolean; onSelect: () => void }) {
  const usable = model.availability.usable;
  const details = [formatContext(model.contextWindow) && `${formatContext(model.contextWindow)} context`, formatPrice(model.price)]
    .filter(Boolean)
    .join(" · ");
  return (
    <button type="button" role="option" aria-selected={selected} aria-disabled={!usable} data-model-id={model.id}
      onClick={() => usable && onSelect()}
      className={`flex w-full flex-col rounded-lg px-2 py-1.5 text-left ${selected ? "bg-accent-soft dark:bg-neutral-800" : "hover:bg-neutral-100 dark:hover:bg-neutral-800"} ${usable ? "" : "cursor-not-allowed opacity-60"}`}>
      <span className="flex items-center gap-2 text-sm">
        <span className="font-medium">{model.displayName}</span>
        {model.capabilities.map((c) => (
          <span key={c} className="rounded bg-neutral-100 px-1.5 text-[10px] tracking-wide text-neutral-600 uppercase dark:bg-neutral-800 dark:text-neutral-400">
            {c}
          </span>
        ))}
        {model.availability.keySource === "own" && <span className="text-[10px] text-green-700 dark:text-green-400">your key</span>}
      </span>
      {details && <span className="text-xs text-neutral-500">{details}</span>}
      {!usable && <span className="text-xs text-amber-700 dark:text-amber-400">{whyNotUsable(model)}</span>}
    </button>
  );
}
