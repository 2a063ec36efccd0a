import { useSyncExternalStore } from "react";

export interface Toast {
  id: number;
  text: string;
  action?: { label: string; run: () => void };
  tone?: "info" | "error";
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit() {
  listeners.forEach((l) => l());
}

/** Shows a short message at the bottom (with an optional action such as Undo); it goes away by itself. */
export function showToast(toast: Omit<Toast, "id">, durationMs = 5000): number {
  const id = nextId++;
  toasts = [...toasts, { ...toast, id }].slice(-3);
  emit();
  setTimeout(() => dismissToast(id), durationMs);
  return id;
}

export function dismissToast(id: number) {
  if (!toasts.some((t) => t.id === id)) return;
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export function Toaster() {
  const current = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => toasts,
  );
  return (
    <div aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4">
      {current.map((toast) => (
        <div
          key={toast.id}
          role={toast.tone === "error" ? "alert" : "status"}
          className={`pointer-events-auto flex items-center gap-3 rounded-xl px-4 py-2.5 text-sm shadow-lg ${
            toast.tone === "error" ? "bg-red-700 text-white" : "bg-neutral-900 text-white dark:bg-neutral-100 dark:text-neutral-900"
          }`}
        >
          <span>{toast.text}</span>
          {toast.action && (
            <button
              type="button"
              className="font-semibold text-accent-soft underline-offset-2 hover:underline dark:text-accent"
              onClick={() => {
                toast.action!.run();
                dismissToast(toast.id);
              }}
            >
              {toast.action.label}
            </button>
          )}
        </div>
      ))}
    </div>
  );
}
