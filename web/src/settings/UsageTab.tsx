import { useState, type ReactNode } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../api/http";
import type { ModelCatalog, Usage } from "../api/types";
import { Button } from "../ui/Button";
import {
  addDays, formatCompact, formatDay, formatDayShort, formatDayWithYear, formatInteger, formatShort, formatUsd, utcToday,
} from "./format";
import { LoadError, Skeleton, inputClass } from "./SettingsSection";
import { ChartIcon } from "../ui/icons";
import { newestFirst, totalsByModel, type ModelTotal } from "./usage";

const PRESETS = [7, 30, 90] as const;

interface Range {
  from: string;
  to: string;
  /** The quick pick it came from, if it did. */
  days: number | null;
}

function lastDays(days: number): Range {
  const to = utcToday();
  return { from: addDays(to, -(days - 1)), to, days };
}

export function UsageTab() {
  const [range, setRange] = useState<Range>(() => lastDays(30));
  const valid = !!range.from && !!range.to && range.from <= range.to;
  const usage = useQuery({
    queryKey: ["usage", range.from, range.to],
    queryFn: () => api<Usage>(`/api/usage?from=${range.from}&to=${range.to}`),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  // only for the models' names; the usage shows ids until (or if) the catalogue loads
  const models = useQuery({ queryKey: ["models"], queryFn: () => api<ModelCatalog>("/api/models") });
  const nameOf = (id: string) => models.data?.items.find((m) => m.id === id)?.displayName ?? id;

  return (
    <div className="space-y-4">
      <RangePicker range={range} onChange={setRange} />
      {!valid ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">The start day must not be after the end day.</p>
      ) : usage.isPending ? (
        <UsageSkeleton />
      ) : usage.isError ? (
        <LoadError what="your usage" error={usage.error} onRetry={() => void usage.refetch()} />
      ) : (
        <div aria-busy={usage.isPlaceholderData}
          className={`space-y-4 transition-opacity ${usage.isPlaceholderData ? "opacity-60" : ""}`}>
          <TotalCards totals={usage.data.totals} />
          {usage.data.items.length === 0 ? (
            <EmptyUsage range={range} onWiden={() => setRange(lastDays(90))} />
          ) : (
            <>
              <ModelTotals totals={totalsByModel(usage.data.items)} nameOf={nameOf} />
              <DailyTable usage={usage.data} nameOf={nameOf} />
            </>
          )}
        </div>
      )}
    </div>
  );
}

function RangePicker({ range, onChange }: { range: Range; onChange: (range: Range) => void }) {
  const today = utcToday();
  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
      <div role="group" aria-label="Quick ranges"
        className="inline-flex self-start rounded-lg bg-neutral-100 p-1 dark:bg-neutral-800/70">
        {PRESETS.map((days) => (
          <button key={days} type="button" aria-pressed={range.days === days} onClick={() => onChange(lastDays(days))}
            className="rounded-md px-3 py-1 text-sm font-medium text-neutral-600 transition-colors hover:text-neutral-900 aria-pressed:bg-white aria-pressed:text-neutral-900 aria-pressed:shadow-sm dark:text-neutral-400 dark:hover:text-neutral-100 dark:aria-pressed:bg-neutral-950 dark:aria-pressed:text-neutral-100">
            {days} days
          </button>
        ))}
      </div>
      <div className="grid grid-cols-2 gap-2 sm:w-80">
        <label className="text-xs font-medium text-neutral-600 dark:text-neutral-400">
          From
          <input type="date" value={range.from} max={range.to || today} required
            onChange={(e) => onChange({ ...range, from: e.target.value, days: null })}
            className={`${inputClass} mt-1 py-1.5`} />
        </label>
        <label className="text-xs font-medium text-neutral-600 dark:text-neutral-400">
          To
          <input type="date" value={range.to} min={range.from} max={today} required
            onChange={(e) => onChange({ ...range, to: e.target.value, days: null })}
            className={`${inputClass} mt-1 py-1.5`} />
        </label>
      </div>
    </div>
  );
}

function Card({ label, value, title }: { label: string; value: string; title?: string }) {
  return (
    <div className="rounded-xl border border-neutral-200 bg-white p-3 sm:p-4 dark:border-neutral-800 dark:bg-neutral-900/40">
      <dt className="text-xs font-medium text-neutral-500 dark:text-neutral-400">{label}</dt>
      <dd className="mt-1 truncate text-xl font-semibold tabular-nums sm:text-2xl" title={title}>{value}</dd>
    </div>
  );
}

function TotalCards({ totals }: { totals: Usage["totals"] }) {
  return (
    <dl aria-label="Totals" className="grid grid-cols-2 gap-2 sm:grid-cols-4 sm:gap-3">
      <Card label="Requests" value={formatInteger(totals.requests)} />
      <Card label="Input tokens" value={formatCompact(totals.inputTokens)} title={formatInteger(totals.inputTokens)} />
      <Card label="Output tokens" value={formatCompact(totals.outputTokens)} title={formatInteger(totals.outputTokens)} />
      <Card label="Cost (USD)" value={formatUsd(Number(totals.costUsd))} />
    </dl>
  );
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-xl border border-neutral-200 bg-white dark:border-neutral-800 dark:bg-neutral-900/40">
      <h2 className="border-b border-neutral-200 px-4 py-3 text-sm font-semibold dark:border-neutral-800">{title}</h2>
      {children}
    </section>
  );
}

function ModelTotals({ totals, nameOf }: { totals: ModelTotal[]; nameOf: (id: string) => string }) {
  const allCost = totals.reduce((sum, t) => sum + t.costUsd, 0);
  const allTokens = totals.reduce((sum, t) => sum + t.inputTokens + t.outputTokens, 0);
  const share = (t: ModelTotal) =>
    allCost > 0 ? t.costUsd / allCost : allTokens > 0 ? (t.inputTokens + t.outputTokens) / allTokens : 0;
  return (
    <Panel title="By model">
      <ul data-testid="usage-by-model" className="divide-y divide-neutral-100 dark:divide-neutral-800">
        {totals.map((t) => (
          <li key={t.model} data-model={t.model} className="px-4 py-3">
            <div className="flex items-baseline justify-between gap-3">
              <span className="min-w-0 truncate text-sm font-medium" title={t.model}>{nameOf(t.model)}</span>
              <span className="shrink-0 text-sm font-semibold tabular-nums">{formatUsd(t.costUsd)}</span>
            </div>
            <div aria-hidden="true" className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-neutral-100 dark:bg-neutral-800">
              <div className="h-full rounded-full bg-accent" style={{ width: `${Math.max(share(t) * 100, 1)}%` }} />
            </div>
            <p className="mt-1.5 text-xs tabular-nums text-neutral-500 dark:text-neutral-400">
              {formatInteger(t.requests)} {t.requests === 1 ? "request" : "requests"} · {formatInteger(t.inputTokens)} in ·{" "}
              {formatInteger(t.outputTokens)} out
            </p>
          </li>
        ))}
      </ul>
    </Panel>
  );
}

/** Requests and tokens, for the phone layout where their columns are hidden. */
function Counts({ requests, inputTokens, outputTokens }: { requests: number; inputTokens: number; outputTokens: number }) {
  return (
    <span className="mt-0.5 block whitespace-nowrap text-xs font-normal text-neutral-500 sm:hidden dark:text-neutral-400">
      {formatInteger(requests)} req · {formatShort(inputTokens)} in · {formatShort(outputTokens)} out
    </span>
  );
}

function DailyTable({ usage, nameOf }: { usage: Usage; nameOf: (id: string) => string }) {
  const rows = newestFirst(usage.items);
  const text = "px-3 py-2 text-left sm:px-4";
  const number = "px-3 py-2 text-right tabular-nums sm:px-4";
  const wide = `${number} hidden sm:table-cell`;
  return (
    <Panel title="By day">
      <div className="overflow-x-auto">
        <table data-testid="usage-table" className="w-full text-sm">
          <thead className="text-xs text-neutral-500 dark:text-neutral-400">
            <tr className="border-b border-neutral-200 dark:border-neutral-800">
              <th scope="col" className={`${text} font-medium`}>Day</th>
              <th scope="col" className={`${text} font-medium`}>Model</th>
              <th scope="col" className={`${wide} font-medium`}>Requests</th>
              <th scope="col" className={`${wide} font-medium`}>Input</th>
              <th scope="col" className={`${wide} font-medium`}>Output</th>
              <th scope="col" className={`${number} font-medium`}>Cost</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const firstOfDay = i === 0 || rows[i - 1].day !== row.day;
              return (
                <tr key={`${row.day} ${row.model}`}
                  className={`align-top ${firstOfDay && i > 0 ? "border-t border-neutral-200 dark:border-neutral-800" : ""}`}>
                  <th scope="row" className={`${text} whitespace-nowrap font-medium`}>
                    <time dateTime={row.day} title={formatDayWithYear(row.day)} className={firstOfDay ? "" : "sr-only"}>
                      <span className="sm:hidden">{formatDayShort(row.day)}</span>
                      <span className="hidden sm:inline">{formatDay(row.day)}</span>
                    </time>
                  </th>
                  <td className={`${text} sm:max-w-56`}>
                    <span className="block break-words sm:truncate" title={row.model}>{nameOf(row.model)}</span>
                    <Counts {...row} />
                  </td>
                  <td className={wide}>{formatInteger(row.requests)}</td>
                  <td className={wide}>{formatInteger(row.inputTokens)}</td>
                  <td className={wide}>{formatInteger(row.outputTokens)}</td>
                  <td className={number}>{formatUsd(Number(row.costUsd))}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot className="border-t border-neutral-300 font-semibold dark:border-neutral-700">
            <tr className="align-top">
              <th scope="row" colSpan={2} className={text}>
                Total
                <Counts {...usage.totals} />
              </th>
              <td className={wide}>{formatInteger(usage.totals.requests)}</td>
              <td className={wide}>{formatInteger(usage.totals.inputTokens)}</td>
              <td className={wide}>{formatInteger(usage.totals.outputTokens)}</td>
              <td className={number}>{formatUsd(Number(usage.totals.costUsd))}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="border-t border-neutral-200 px-3 py-2 text-xs text-neutral-500 sm:px-4 dark:border-neutral-800 dark:text-neutral-400">
        Days are counted in UTC. Costs are estimated from each model’s listed price.
      </p>
    </Panel>
  );
}

function EmptyUsage({ range, onWiden }: { range: Range; onWiden: () => void }) {
  return (
    <div className="flex flex-col items-center rounded-xl border border-dashed border-neutral-300 px-6 py-10 text-center dark:border-neutral-700">
      <span className="mb-3 flex h-10 w-10 items-center justify-center rounded-full bg-accent-soft text-accent dark:bg-neutral-800 dark:text-pink-300">
        <ChartIcon />
      </span>
      <p className="font-medium">No usage between {formatDayWithYear(range.from)} and {formatDayWithYear(range.to)}</p>
      <p className="mt-1 max-w-sm text-sm text-neutral-600 dark:text-neutral-400">
        Each reply you get is counted here, per day and model, once it finishes.
      </p>
      {range.days !== 90 && <Button className="mt-4" onClick={onWiden}>Show the last 90 days</Button>}
    </div>
  );
}

function UsageSkeleton() {
  return (
    <div role="status" aria-label="Loading your usage" className="space-y-4">
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4 sm:gap-3">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="rounded-xl border border-neutral-200 p-3 sm:p-4 dark:border-neutral-800">
            <Skeleton className="h-3 w-16" />
            <Skeleton className="mt-2 h-7 w-20" />
          </div>
        ))}
      </div>
      <div className="rounded-xl border border-neutral-200 p-4 dark:border-neutral-800">
        {Array.from({ length: 5 }, (_, i) => <Skeleton key={i} className="mb-3 h-5 w-full last:mb-0" />)}
      </div>
    </div>
  );
}
