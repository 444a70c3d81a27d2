/**
 * Constants of push delivery shared by the server (webhooks.server.ts, webhook-signing.ts) and the
 * operator's page in the browser (the signature header's name, the URL field's maxLength, the
 * log's size). Pure, no imports: safe in the client bundle.
 */

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256>` (webhook-signing.ts). */
export const SIGNATURE_HEADER = "Leerwinkel-Signature";

/** The longest webhook URL accepted. */
export const MAX_URL_LENGTH = 2000;
/** Events shown in the operator's delivery log (the newest). */
export const LOG_EVENTS_SHOWN = 50;
