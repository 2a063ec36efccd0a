/** Placeholder: a shared chat, read-only. */
export function SharedPage({ token }: { token: string }) {
  return <div className="p-6">Shared {token}</div>;
}
