/**
 * The staff sign-in session in the browser: the access token (15 minutes) and the single-use
 * refresh token, kept in sessionStorage so a reload stays signed in and closing the tab ends it.
 * The access token is renewed a minute before it expires; concurrent calls share one refresh.
 */
import type { components } from './openapi';

type Tokens = components['schemas']['TokensView'];
interface Stored {
  accessToken: string;
  accessExpiresAt: number;
  refreshToken: string;
}

const KEY = 'petitions.session';
const RENEW_BEFORE_MS = 60_000;
const listeners = new Set<() => void>();
let refreshing: Promise<string | null> | null = null;

function read(): Stored | null {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Stored | null;
  } catch {
    return null;
  }
}

export const session = {
  signedIn(): boolean {
    return read() !== null;
  },
  store(tokens: Tokens): void {
    sessionStorage.setItem(
      KEY,
      JSON.stringify({
        accessToken: tokens.accessToken,
        accessExpiresAt: Date.now() + tokens.expiresIn * 1000,
        refreshToken: tokens.refreshToken,
      }),
    );
    listeners.forEach((listener) => listener());
  },
  clear(): void {
    if (read() === null) return;
    sessionStorage.removeItem(KEY);
    listeners.forEach((listener) => listener());
  },
  onChange(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** A valid access token, renewed with the refresh token when it is about to expire; null when signed out. */
  async accessToken(): Promise<string | null> {
    const stored = read();
    if (!stored) return null;
    if (stored.accessExpiresAt - Date.now() > RENEW_BEFORE_MS) return stored.accessToken;
    refreshing ??= renew(stored.refreshToken).finally(() => {
      refreshing = null;
    });
    return refreshing;
  },
  /** The refresh token, for sign-out. */
  refreshToken(): string | null {
    return read()?.refreshToken ?? null;
  },
};

async function renew(refreshToken: string): Promise<string | null> {
  const response = await fetch('/auth/refresh', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });
  if (!response.ok) {
    session.clear();
    return null;
  }
  const tokens = (await response.json()) as Tokens;
  session.store(tokens);
  return tokens.accessToken;
}
