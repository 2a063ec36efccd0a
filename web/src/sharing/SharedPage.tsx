import { useEffect } from "react";
import { useQuery } from "@tanstack/react-query";
import { api } from "../api/http";
import { ApiError } from "../api/problem";
import type { SharedChat } from "../api/types";
import { Button } from "../ui/Button";
import { Markdown } from "../markdown/Markdown";

type SharedMessage = SharedChat["messages"][number];

/** A shared chat at /s/{token}: read-only, no sign-in (the API answers it without a token). */
export function SharedPage({ token }: { token: string }) {
  const shared = useQuery({
    queryKey: ["shared-chat", token],
    queryFn: ({ signal }) => api<SharedChat>(`/api/shares/${encodeURIComponent(token)}`, { anonymous: true, signal }),
  });

  const title = shared.data ? (shared.data.title ?? "Untitled chat") : null;
  useEffect(() => {
    if (title) document.title = title;
  }, [title]);

  return (
    <div data-testid="shared-chat" className="flex min-h-full flex-col">
      <main className="mx-auto w-full max-w-3xl flex-1 px-4 py-6 sm:px-6 sm:py-10">
        {shared.isPending ? (
          <Skeleton />
        ) : shared.isError ? (
          <Failure error={shared.error} retry={() => void shared.refetch()} retrying={shared.isFetching} />
        ) : (
          <>
            <header className="mb-8 border-b border-neutral-200 pb-4 dark:border-neutral-800">
              <h1 className="text-2xl font-semibold break-words">{title}</h1>
              <p className="mt-1 text-sm text-neutral-500 dark:text-neutral-400">
                Shared conversation · <time dateTime={shared.data.sharedAt}>{formatDate(shared.data.sharedAt)}</time>
              </p>
            </header>
            <ol className="space-y-6">
              {shared.data.messages.map((message, index) => (
                <li key={index}>
                  <SharedMessageView message={message} />
                </li>
              ))}
            </ol>
          </>
        )}
      </main>
      <footer className="border-t border-neutral-200 py-4 text-center text-sm dark:border-neutral-800">
        <a href="/" className="font-medium text-accent hover:text-accent-strong dark:text-pink-300 dark:hover:text-pink-200">
          Start your own chat
        </a>
      </footer>
    </div>
  );
}

function SharedMessageView({ message }: { message: SharedMessage }) {
  if (message.role === "user") {
    return (
      <div data-role="user" className="flex justify-end">
        <div className="max-w-[85%] rounded-2xl bg-accent-soft px-4 py-2 break-words whitespace-pre-wrap text-neutral-900 dark:bg-neutral-800 dark:text-neutral-100">
          {message.content}
        </div>
      </div>
    );
  }
  return (
    <div data-role="assistant" className="min-w-0">
      {message.model && <div className="mb-1 text-xs font-medium text-neutral-500 dark:text-neutral-400">{message.model}</div>}
      <Markdown text={message.content} />
    </div>
  );
}

function Skeleton() {
  return (
    <div role="status" aria-busy="true" className="animate-pulse space-y-6">
      <span className="sr-only">Loading the shared conversation…</span>
      <div className="space-y-2 border-b border-neutral-200 pb-4 dark:border-neutral-800">
        <div className="h-7 w-2/3 rounded bg-neutral-200 dark:bg-neutral-800" />
        <div className="h-4 w-48 rounded bg-neutral-200 dark:bg-neutral-800" />
      </div>
      <div className="ml-auto h-10 w-1/2 rounded-2xl bg-neutral-200 dark:bg-neutral-800" />
      <div className="space-y-2">
        <div className="h-4 w-full rounded bg-neutral-200 dark:bg-neutral-800" />
        <div className="h-4 w-5/6 rounded bg-neutral-200 dark:bg-neutral-800" />
        <div className="h-4 w-2/3 rounded bg-neutral-200 dark:bg-neutral-800" />
      </div>
    </div>
  );
}

function Failure({ error, retry, retrying }: { error: Error; retry: () => void; retrying: boolean }) {
  const missing = error instanceof ApiError && error.status === 404;
  return (
    <div role="alert" className="py-16 text-center">
      <h1 className="text-xl font-semibold">
        {missing ? "This link was revoked or never existed" : "This conversation could not be loaded"}
      </h1>
      {missing && (
        <p className="mt-2 text-sm text-neutral-600 dark:text-neutral-400">Ask whoever shared it for a new link.</p>
      )}
      {!missing && (
        <>
          <p className="mt-2 text-sm text-neutral-600 dark:text-neutral-400">
            {error instanceof ApiError ? error.readable : "Something went wrong. Try again."}
          </p>
          <Button className="mt-4" onClick={retry} disabled={retrying}>
            {retrying ? "Trying again…" : "Try again"}
          </Button>
        </>
      )}
    </div>
  );
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(undefined, { dateStyle: "long" }).format(date);
}
