import { useEffect, useSyncExternalStore } from "react";

/** remark-math and rehype-katex (a type-only import: the module itself is only ever loaded by load()). */
export type MathPlugins = typeof import("./math");

let plugins: MathPlugins | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function load() {
  loading ??= import("./math")
    .then((module) => {
      plugins = module;
      listeners.forEach((listener) => listener());
    })
    .catch(() => {
      // e.g. the chunk is gone after a deploy: show the text as it is and try again on the next message.
      loading = null;
    });
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The math plugins once loaded when `needed` (loading them on first need), else null. Re-renders when they arrive. */
export function useMathPlugins(needed: boolean): MathPlugins | null {
  const loaded = useSyncExternalStore(subscribe, () => plugins);
  useEffect(() => {
    if (needed && !plugins) load();
  }, [needed]);
  return needed ? loaded : null;
}
