/** Placeholder: keys, preferences, usage. */
export function SettingsPage({ tab }: { tab: string }) {
  return <div className="p-6">Settings: {tab}</div>;
}
