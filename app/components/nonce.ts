/**
 * The Content-Security-Policy nonce of the response being rendered (server/security-headers.ts
 * makes it; app/entry.server.tsx provides it). In the browser it is empty: the scripts that
 * need it have run by then, and browsers hide the attribute anyway.
 */
import { createContext, useContext } from "react";

export const NonceContext = createContext("");

export function useNonce(): string {
  return useContext(NonceContext);
}
