import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import "./index.css";
import { api } from "./api/http";
import type { PublicConfig } from "./auth/session";
import { startSession } from "./auth/session";
import { parseRoute } from "./app/router";
import { App } from "./app/App";
import { SignedOutPage } from "./app/SignedOutPage";
import { SharedPage } from "./sharing/SharedPage";
import { applyRememberedTheme } from "./theme/theme";
import { bindQueryClient } from "./conversation/replyStreams";
import { flushDeletesOnUnload } from "./chats/deleteWithUndo";
import { ApiError } from "./api/problem";
import { setMaxFileSize } from "./attachments/draft";

applyRememberedTheme();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

// one-time wiring: reply streams write finished replies into the cache; pending deletes go out when the page closes
bindQueryClient(queryClient);
flushDeletesOnUnload(queryClient);

const root = createRoot(document.getElementById("root")!);

function render(node: React.ReactNode) {
  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>{node}</QueryClientProvider>
    </StrictMode>,
  );
}

async function boot() {
  const route = parseRoute(window.location.pathname, window.location.search);
  if (route.name === "shared") {
    render(<SharedPage token={route.token} />);
    return;
  }
  let config: PublicConfig;
  try {
    config = await api<PublicConfig>("/api/public/config", { anonymous: true });
  } catch {
    render(<SignedOutPage productName="T3 Chat" error="The server could not be reached. Reload to try again." canSignIn={false} />);
    return;
  }
  document.title = config.productName;
  setMaxFileSize(config.attachments?.maxFileSizeBytes);
  const outcome = await startSession(config.signIn);
  if (outcome.kind === "signed-in") render(<App config={config} />);
  else if (outcome.kind === "signed-out") render(<SignedOutPage productName={config.productName} error={outcome.error} />);
}

void boot();
