import { ChevronLeftIcon, ChevronRightIcon } from "../ui/icons";

interface BranchNavigatorProps {
  /** 0-based position of the version shown. */
  index: number;
  count: number;
  onSelect: (index: number) => void;
  disabled?: boolean;
}

/** `‹ 2/3 ›` between the versions of a message (edits of a question, regenerated answers). */
export function BranchNavigator({ index, count, onSelect, disabled = false }: BranchNavigatorProps) {
  if (count < 2) return null;
  return (
    <div className="inline-flex items-center gap-0.5 text-xs text-neutral-600 dark:text-neutral-400" role="group" aria-label="Versions">
      <button type="button" aria-label="Previous version" disabled={disabled || index === 0} onClick={() => onSelect(index - 1)}
        className="rounded p-1 hover:bg-neutral-100 disabled:opacity-30 dark:hover:bg-neutral-800">
        <ChevronLeftIcon />
      </button>
      <span aria-live="polite" className="min-w-8 text-center tabular-nums" data-testid="version-position">
        {index + 1}/{count}
      </span>
      <button type="button" aria-label="Next version" disabled={disabled || index === count - 1} onClick={() => onSelect(index + 1)}
        className="rounded p-1 hover:bg-neutral-100 disabled:opacity-30 dark:hover:bg-neutral-800">
        <ChevronRightIcon />
      </button>
    </div>
  );
}
