/**
 * What the server entry (server/app.ts) hands every loader and action. Optional in the type so
 * that route tests may pass `{}`; code that needs a value checks for it (see `clientIp`).
 */
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address: the socket's, or the one TRUST_PROXY says our proxy saw. */
    clientAddress?: string;
    /** This response's Content-Security-Policy nonce for inline scripts. */
    cspNonce?: string;
  }
}

export {};
