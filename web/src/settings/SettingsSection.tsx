/** The building blocks every settings tab shares: a titled card, skeletons, a load error, a save status. */
import type { ReactNode } from "react";
import { ApiError } from "../api/problem";
import { Button } from "../ui/Button";
import { CheckIcon } from "../ui/icons";
import { AlertIcon, Spinner } from "../ui/icons";

export function Section({ title, description, action, children, id }: {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  const headingId = id ? `${id}-heading` : undefined;
  return (
    <section aria-labelledby={headingId}
      className="rounded-xl border border-neutral-200 bg-white p-4 sm:p-5 dark:border-neutral-800 dark:bg-neutral-900/40">
      <div className="mb-4 flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id={headingId} className="text-base font-semibold">{title}</h2>
          {description && <p className="mt-0.5 text-sm text-neutral-600 dark:text-neutral-400">{description}</p>}
        </div>
        {action && <div className="shrink-0">{action}</div>}
      </div>
      {children}
    </section>
  );
}

export function Skeleton({ className = "" }: { className?: string }) {
  return <div aria-hidden="true" className={`animate-pulse rounded-md bg-neutral-200/80 dark:bg-neutral-800 ${className}`} />;
}

/** A card-shaped placeholder while a tab's data loads; says so to screen readers once. */
export function SectionSkeleton({ lines = 2, label }: { lines?: number; label: string }) {
  return (
    <div role="status" aria-label={label}
      className="rounded-xl border border-neutral-200 p-4 sm:p-5 dark:border-neutral-800">
      <Skeleton className="mb-2 h-4 w-40" />
      <Skeleton className="mb-5 h-3 w-64 max-w-full" />
      {Array.from({ length: lines }, (_, i) => (
        <Skeleton key={i} className="mb-2 h-9 w-full last:mb-0" />
      ))}
    </div>
  );
}

/** What went wrong loading something, in words, with a way to try again. */
export function LoadError({ what, error, onRetry }: { what: string; error: unknown; onRetry?: () => void }) {
  return (
    <div role="alert"
      className="flex flex-col gap-3 rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800 sm:flex-row sm:items-center dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200">
      <span className="mt-0.5 shrink-0 self-start sm:self-center"><AlertIcon /></span>
      <p className="min-w-0 flex-1">
        <span className="font-medium">Couldn’t load {what}.</span> {readable(error)}
      </p>
      {onRetry && <Button onClick={onRetry} className="self-start sm:self-center">Try again</Button>}
    </div>
  );
}

/** An error shown right under the thing it is about. */
export function InlineError({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} role="alert" className="mt-1.5 flex items-start gap-1.5 text-sm text-red-700 dark:text-red-300">
      <span className="mt-0.5 shrink-0"><AlertIcon /></span>
      <span className="min-w-0">{children}</span>
    </p>
  );
}

/** "Remove this?" under the thing to remove: what it means, why it failed if it did, Cancel and the action. */
export function ConfirmRemoval({ label, action, pendingAction, pending, error, onCancel, onConfirm, className = "mt-4", children }: {
  /** The group's accessible name, e.g. "Delete report.pdf". */
  label: string;
  action: string;
  pendingAction: string;
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: () => void;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div role="group" aria-label={label}
      className={`${className} rounded-lg border border-red-200 bg-red-50 p-3 text-sm dark:border-red-900/60 dark:bg-red-950/30`}>
      <p className="text-red-900 dark:text-red-200">{children}</p>
      {error ? <InlineError>{readable(error)}</InlineError> : null}
      <div className="mt-3 flex flex-wrap justify-end gap-2">
        <Button onClick={onCancel} disabled={pending}>Cancel</Button>
        <Button variant="danger" onClick={onConfirm} disabled={pending}>
          {pending ? <><Spinner /> {pendingAction}</> : action}
        </Button>
      </div>
    </div>
  );
}

/** "Saving…" while a change is on its way, "Saved" once the server has it. */
export function SaveStatus({ pending, saved }: { pending: boolean; saved: boolean }) {
  return (
    <span role="status" className="inline-flex min-h-5 items-center gap-1 text-sm text-neutral-500 dark:text-neutral-400">
      {pending ? (
        <><Spinner /> Saving…</>
      ) : saved ? (
        <span className="inline-flex items-center gap-1 text-emerald-700 dark:text-emerald-400"><CheckIcon /> Saved</span>
      ) : null}
    </span>
  );
}

export function readable(error: unknown): string {
  if (error instanceof ApiError) return error.readable;
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}

/** The message of a 400 validation problem about `field`, if there is one. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.errors.find((e) => e.field === field)?.message;
}

/** The error to show for the whole form: anything that is not about one of `fields`. */
export function formError(error: unknown, fields: string[]): string | undefined {
  if (!error) return undefined;
  if (error instanceof ApiError && error.errors.length > 0) {
    const others = error.errors.filter((e) => !fields.includes(e.field));
    return others.length > 0 ? others.map((e) => `${e.field}: ${e.message}`).join(" · ") : undefined;
  }
  return readable(error);
}

export const inputClass =
  "block w-full rounded-lg border border-neutral-300 bg-white px-3 py-2 text-sm text-neutral-900 placeholder:text-neutral-400 " +
  "focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/25 disabled:opacity-60 " +
  "aria-[invalid=true]:border-red-500 dark:scheme-dark dark:border-neutral-700 dark:bg-neutral-950 dark:text-neutral-100 dark:placeholder:text-neutral-500";

export const labelClass = "mb-1.5 block text-sm font-medium text-neutral-800 dark:text-neutral-200";
