import type { PublicConfig } from "../auth/session";
import { useRoute } from "./router";
import { SettingsPage } from "../settings/SettingsPage";

export function App({ config }: { config: PublicConfig }) {
  const route = useRoute();
  return (
    <div className="flex h-full">
      <main className="min-w-0 flex-1">
        {route.name === "settings" ? <SettingsPage tab={route.tab} /> : <div className="p-6">{config.productName}</div>}
      </main>
    </div>
  );
}
