import { useQuery } from "@tanstack/react-query";
import { api } from "../api/http";
import type { Me, ModelCatalog } from "../api/types";

export function useModels() {
  return useQuery({ queryKey: ["models"], queryFn: () => api<ModelCatalog>("/api/models"), staleTime: 60_000 });
}

export function useMe() {
  return useQuery({ queryKey: ["me"], queryFn: () => api<Me>("/api/me"), staleTime: 5 * 60_000 });
}

/** The model a new chat starts with: the person's default if still offered, else the catalogue's. */
export function useDefaultModel(): string | null {
  const models = useModels();
  const me = useMe();
  const preferred = me.data?.preferences.defaultModel;
  if (preferred && models.data?.items.some((m) => m.id === preferred)) return preferred;
  return models.data?.defaultModel ?? null;
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
