import { lazy, Suspense, useEffect, useRef, type KeyboardEvent, type MouseEvent, type ReactNode } from "react";
import { navigate } from "../app/router";
import { ChevronLeftIcon } from "../ui/icons";
import { KeysTab } from "./KeysTab";
import { PreferencesTab } from "./PreferencesTab";
import { ChartIcon, FilesIcon, KeyIcon, SlidersIcon } from "../ui/icons";
import { SectionSkeleton } from "./SettingsSection";
import { UsageTab } from "./UsageTab";

// loaded when first shown: not part of the app's first download
const FilesTab = lazy(() => import("./FilesTab").then((m) => ({ default: m.FilesTab })));

const TABS: { id: string; label: string; icon: ReactNode }[] = [
  { id: "preferences", label: "Preferences", icon: <SlidersIcon /> },
  { id: "keys", label: "API keys", icon: <KeyIcon /> },
  { id: "usage", label: "Usage", icon: <ChartIcon /> },
  { id: "files", label: "Files", icon: <FilesIcon /> },
];

/** A link the app's router follows (a modified click still opens a new tab). */
function go(path: string) {
  return (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    navigate(path);
  };
}

/** Settings at `/settings/{tab}`: preferences, the user's provider keys, usage, and files. */
export function SettingsPage({ tab }: { tab: string }) {
  const current = TABS.find((t) => t.id === tab) ?? TABS[0];
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});

  useEffect(() => {
    if (current.id !== tab) navigate(`/settings/${current.id}`, { replace: true });
  }, [current.id, tab]);

  const select = (id: string, focus = false) => {
    navigate(`/settings/${id}`);
    if (focus) tabRefs.current[id]?.focus();
  };

  // arrow keys move between tabs (and show them), Home and End go to the ends
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.findIndex((t) => t.id === current.id);
    const next = {
      ArrowRight: (index + 1) % TABS.length,
      ArrowLeft: (index - 1 + TABS.length) % TABS.length,
      Home: 0,
      End: TABS.length - 1,
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select(TABS[next].id, true);
  };

  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto w-full max-w-3xl px-4 pb-16 pt-4 sm:px-8 sm:pt-8">
        <a href="/" onClick={go("/")}
          className="-ml-2 inline-flex items-center gap-1 rounded-lg px-2 py-1 text-sm font-medium text-neutral-600 hover:bg-neutral-100 hover:text-neutral-900 dark:text-neutral-400 dark:hover:bg-neutral-800 dark:hover:text-neutral-100">
          <ChevronLeftIcon /> Back to chat
        </a>
        <h1 className="mt-3 text-2xl font-semibold tracking-tight">Settings</h1>

        <div role="tablist" aria-label="Settings" onKeyDown={onKeyDown}
          className="mt-5 flex gap-1 rounded-xl bg-neutral-100 p-1 dark:bg-neutral-900">
          {TABS.map((t) => {
            const selected = t.id === current.id;
            return (
              <button key={t.id} ref={(el) => { tabRefs.current[t.id] = el; }} type="button" role="tab"
                id={`settings-tab-${t.id}`} aria-controls={`settings-panel-${t.id}`} aria-selected={selected}
                tabIndex={selected ? 0 : -1} onClick={() => select(t.id)}
                className="flex min-w-0 flex-1 items-center justify-center gap-2 rounded-lg px-1 py-2 text-[13px] font-medium text-neutral-600 transition-colors hover:text-neutral-900 aria-selected:bg-white aria-selected:text-neutral-900 aria-selected:shadow-sm sm:px-3 sm:text-sm dark:text-neutral-400 dark:hover:text-neutral-100 dark:aria-selected:bg-neutral-800 dark:aria-selected:text-neutral-100">
                <span className="hidden shrink-0 min-[400px]:inline">{t.icon}</span>
                <span className="truncate">{t.label}</span>
              </button>
            );
          })}
        </div>

        <div role="tabpanel" id={`settings-panel-${current.id}`} aria-labelledby={`settings-tab-${current.id}`}
          tabIndex={0} className="mt-6 rounded-xl focus-visible:outline-offset-4">
          {current.id === "preferences" && <PreferencesTab />}
          {current.id === "keys" && <KeysTab />}
          {current.id === "usage" && <UsageTab />}
          {current.id === "files" && (
            <Suspense fallback={<SectionSkeleton label="Loading your files" lines={4} />}>
              <FilesTab />
            </Suspense>
          )}
        </div>
      </div>
    </div>
  );
}
