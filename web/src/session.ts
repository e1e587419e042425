// Who is signed in, kept in memory only (the session itself is the HttpOnly
// cookie). A 401 from any call means the session ended: back to sign-in.

import { ApiError, call, setCsrfToken, type Me } from "./api";

let current: Me | null = null;

export function signedIn(): Me | null {
  return current;
}

export function remember(me: Me | null): void {
  current = me;
  setCsrfToken(me?.csrf_token ?? "");
}

// Asks the server whether the cookie still holds a live session.
export async function restore(): Promise<Me | null> {
  try {
    remember(await call<Me>("GET", "/api/me"));
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    remember(null);
  }
  return current;
}
