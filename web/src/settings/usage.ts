import type { UsageRow } from "../api/types";

/** One model's totals over the chosen days. */
export interface ModelTotal {
  model: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** Sums the rows per model; the most expensive first (then the most used). */
export function totalsByModel(rows: readonly UsageRow[]): ModelTotal[] {
  const byModel = new Map<string, ModelTotal>();
  for (const row of rows) {
    const total = byModel.get(row.model) ?? { model: row.model, requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    total.requests += row.requests;
    total.inputTokens += row.inputTokens;
    total.outputTokens += row.outputTokens;
    total.costUsd += Number(row.costUsd);
    byModel.set(row.model, total);
  }
  return [...byModel.values()].sort(
    (a, b) =>
      b.costUsd - a.costUsd ||
      b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens) ||
      a.model.localeCompare(b.model),
  );
}

/** The newest day first; within a day, the model with the most requests first. */
export function newestFirst(rows: readonly UsageRow[]): UsageRow[] {
  return [...rows].sort(
    (a, b) => b.day.localeCompare(a.day) || b.requests - a.requests || a.model.localeCompare(b.model),
  );
}
