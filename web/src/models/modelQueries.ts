import { useQuery, type QueryClient } from "@tanstack/react-query";
import { api } from "../api/http";
import type { Me, ModelCatalog } from "../api/types";

const modelsQuery = { queryKey: ["models"], queryFn: () => api<ModelCatalog>("/api/models"), staleTime: 60_000 };
const meQuery = { queryKey: ["me"], queryFn: () => api<Me>("/api/me"), staleTime: 5 * 60_000 };

export function useModels() {
  return useQuery(modelsQuery);
}

export function useMe() {
  return useQuery(meQuery);
}

/** The model a new chat starts with: the person's default if still offered, else the catalogue's. */
function defaultModelOf(models: ModelCatalog | undefined, me: Me | undefined): string | null {
  const preferred = me?.preferences.defaultModel;
  if (preferred && models?.items.some((m) => m.id === preferred)) return preferred;
  return models?.defaultModel ?? null;
}

export function useDefaultModel(): string | null {
  return defaultModelOf(useModels().data, useMe().data);
}

/** The default model once the catalogue is loaded (a message sent before it arrived waits for it). */
export async function loadDefaultModel(queryClient: QueryClient): Promise<string | null> {
  const [models, me] = await Promise.all([
    queryClient.ensureQueryData(modelsQuery).catch(() => undefined),
    queryClient.ensureQueryData(meQuery).catch(() => undefined),
  ]);
  return defaultModelOf(models, me);
}

export function formatContext(tokens: number | null): string | null {
  if (!tokens) return null;
  if (tokens >= 1_000_000) return `${+(tokens / 1_000_000).toFixed(1)}M`;
  return `${Math.round(tokens / 1000)}K`;
}

export function formatPrice(price: { inputPerMillion: number; outputPerMillion: number } | null): string | null {
  if (!price) return null;
  if (price.inputPerMillion === 0 && price.outputPerMillion === 0) return "free";
  const money = (v: number) => `$${v < 1 ? +v.toFixed(3) : +v.toFixed(2)}`;
  return `${money(price.inputPerMillion)} / ${money(price.outputPerMillion)} per 1M`;
}
