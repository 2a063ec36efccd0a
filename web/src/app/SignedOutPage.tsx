import { beginLogin } from "../auth/session";
import { Button } from "../ui/Button";

/** What a signed-out visitor sees: sign in, or create an account (Keycloak's registration page). */
export function SignedOutPage({ productName, error, canSignIn = true }: { productName: string; error?: string; canSignIn?: boolean }) {
  return (
    <main className="flex h-full flex-col items-center justify-center gap-6 px-6 text-center">
      <div className="flex h-14 w-14 items-center justify-center rounded-2xl bg-accent text-xl font-bold text-white">T3</div>
      <div>
        <h1 className="text-3xl font-semibold tracking-tight">{productName}</h1>
        <p className="mt-2 text-neutral-600 dark:text-neutral-400">Every model in one fast chat. Bring your own keys.</p>
      </div>
      {error && (
        <p role="alert" className="max-w-md rounded-lg bg-red-50 px-4 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          {error}
        </p>
      )}
      {canSignIn && <div className="flex gap-3">
        <Button variant="primary" className="px-5 py-2" onClick={() => void beginLogin({ returnTo: "/" })}>
          Sign in
        </Button>
        <Button className="px-5 py-2" onClick={() => void beginLogin({ register: true, returnTo: "/" })}>
          Create account
        </Button>
      </div>}
    </main>
  );
}
