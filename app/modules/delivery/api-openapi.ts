/**
 * The OpenAPI 3.1 description of the entitlements API (issue 16 §2), served at /api/v1/openapi.json.
 * tests/integration/entitlements-api.test.ts checks real responses against these schemas
 * (tests/support/json-schema-check.ts), so the document cannot drift from what the API answers. Pure.
 */
const error = {
  type: "object",
  required: ["error", "field"],
  properties: {
    error: { type: "string", description: "What is wrong, in English." },
    field: { type: ["string", "null"], description: "The parameter the error is about, if any." },
  },
} as const;

const isoDate = { type: "string", format: "date", description: "YYYY-MM-DD" } as const;

const entitlement = {
  type: "object",
  required: ["ean", "title", "validFrom", "validTo", "status"],
  properties: {
    ean: { type: "string", description: "The product's EAN (GTIN-13)." },
    title: { type: "string" },
    validFrom: isoDate,
    validTo: { ...isoDate, description: "The last day the licence is valid (YYYY-MM-DD)." },
    status: { type: "string", enum: ["active", "expired", "revoked"] },
  },
} as const;

const pseudonymKind = {
  type: "string",
  enum: ["ECK_ID", "LOCAL"],
  description: "How the pupil is identified: by ECK iD, or by the school's local pseudonym.",
} as const;

const change = {
  type: "object",
  required: [
    "cursor",
    "kind",
    "pseudonymKind",
    "pseudonym",
    "eckId",
    "school",
    "ean",
    "title",
    "validFrom",
    "validTo",
    "at",
  ],
  properties: {
    cursor: { type: "string", description: "The cursor just after this change." },
    kind: {
      type: "string",
      enum: ["activated", "revoked", "expired"],
      description:
        "activated: the licence became valid for the pupil; revoked: it stopped being valid for them (revoked, " +
        "or moved to another pupil); expired: its last valid day (validTo) has passed — said once per licence.",
    },
    pseudonymKind,
    pseudonym: { type: "string", description: "The pupil's pseudonym: the ECK iD, or the school-local pseudonym." },
    eckId: { type: ["string", "null"], description: "The ECK iD; null for a school-local pseudonym." },
    school: {
      type: ["string", "null"],
      description:
        "For a school-local pseudonym: the school's BRIN (its id when it has none), to look the pupil up with; " +
        "null for an ECK iD. Local pseudonyms are delivered only for schools that accept them for the publisher.",
    },
    ean: { type: "string" },
    title: { type: "string" },
    validFrom: isoDate,
    validTo: isoDate,
    at: { type: "string", format: "date-time" },
  },
} as const;

const refusal = (description: string) =>
  ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }) as const;

export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "Leerwinkel entitlements API",
    version: "1.0.0",
    description:
      "Licences per pupil (ECK iD) for one publisher's products, for publishers and learning platforms. " +
      "Only schools with a processing agreement with the publisher are included. Each API key is scoped to one " +
      "publisher and rate-limited; every call is audited. Pupils known only by a school-local pseudonym are " +
      "included only for schools that accept local pseudonyms for the publisher. Any other path under /api/v1 " +
      "answers 404 with the Error body.",
  },
  servers: [{ url: "/" }],
  security: [{ bearer: [] }],
  paths: {
    "/api/v1/entitlements": {
      get: {
        operationId: "getEntitlements",
        summary: "A pupil's licences for the client's publisher's products",
        description:
          "Name the pupil by `eckId`, or — for a pupil known only by a school-local pseudonym — by `pseudonym` " +
          "and `school` together. A local pseudonym is answered only when the school accepts local pseudonyms " +
          "for the client's publisher. An unknown pupil, or one the client may not see, gets 200 with an empty " +
          "list (the answer never tells whether the pupil exists).",
        parameters: [
          {
            name: "eckId",
            in: "query",
            required: false,
            description: "The pupil's ECK iD (required unless pseudonym and school are given).",
            schema: { type: "string", pattern: "^https://ketenid\\.nl/201703/[0-9a-fA-F]{16,128}$" },
          },
          {
            name: "pseudonym",
            in: "query",
            required: false,
            description: "A school-local pseudonym (a UUID or hex token); needs `school`.",
            schema: { type: "string" },
          },
          {
            name: "school",
            in: "query",
            required: false,
            description: "With `pseudonym`: the school's BRIN, or the `school` the change feed gave.",
            schema: { type: "string" },
          },
          {
            name: "ean",
            in: "query",
            required: false,
            description: "Only the licences of this product (EAN-13 of one of the publisher's products).",
            schema: { type: "string", pattern: "^[0-9]{13}$" },
          },
        ],
        responses: {
          "200": {
            description: "The pupil's licences; an empty list for a pupil without any (or unknown).",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Entitlements" } } },
          },
          "400": refusal("No pupil named, eckId or pseudonym malformed, pseudonym without school, or a bad ean."),
          "401": refusal("Missing or unknown API key."),
          "403": refusal("The API key was revoked, or ean is another publisher's product."),
          "404": refusal("No product has this ean."),
          "405": refusal("Only GET."),
          "429": refusal("Too many requests for this API client; see Retry-After."),
        },
      },
    },
    "/api/v1/entitlements/changes": {
      get: {
        operationId: "getEntitlementChanges",
        summary: "The change feed (activated, revoked, expired) of the client's publisher's licences",
        parameters: [
          {
            name: "after",
            in: "query",
            required: false,
            description: "The `next` cursor of the previous page; omitted: from the start.",
            schema: { type: "string" },
          },
        ],
        responses: {
          "200": {
            description: "Up to 100 changes in order; `next` for the following call.",
            content: { "application/json": { schema: { $ref: "#/components/schemas/ChangesPage" } } },
          },
          "400": refusal("after is not a cursor this API gave out."),
          "401": refusal("Missing or unknown API key."),
          "403": refusal("The API key was revoked."),
          "405": refusal("Only GET."),
          "429": refusal("Too many requests for this API client; see Retry-After."),
        },
      },
    },
  },
  // Push delivery (issue 16 §3, decision 015): what the worker POSTs to a webhook the operator registered.
  webhooks: {
    licenceChange: {
      post: {
        operationId: "licenceChangeEvent",
        summary: "A licence change, pushed to the client's webhook",
        description:
          "Sent for every change the change feed would show the client, in change order, retried with " +
          "exponential back-off until the webhook answers 2xx (at least once: deduplicate by `id`; a resend " +
          "carries the same id). Verify `Leerwinkel-Signature: t=<unix seconds>,v1=<hex>`: HMAC-SHA256 with the " +
          "webhook's signing secret (whsec_…) over `<t>.<raw body>`; reject an old `t`.",
        parameters: [
          { name: "Leerwinkel-Signature", in: "header", required: true, schema: { type: "string" } },
          { name: "Leerwinkel-Event-Id", in: "header", required: true, schema: { type: "string" } },
        ],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/LicenceEvent" } } },
        },
        responses: { "2XX": { description: "Received; the event is not sent again (unless resent)." } },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "The API key given by the operator." } },
    schemas: {
      Error: error,
      Entitlement: entitlement,
      Entitlements: {
        type: "object",
        required: ["pseudonymKind", "entitlements"],
        properties: {
          pseudonymKind,
          eckId: { type: "string", description: "The ECK iD asked for (pseudonymKind ECK_ID)." },
          pseudonym: { type: "string", description: "The local pseudonym asked for (pseudonymKind LOCAL)." },
          school: { type: "string", description: "The school asked for with the local pseudonym." },
          entitlements: { type: "array", items: { $ref: "#/components/schemas/Entitlement" } },
        },
      },
      Change: change,
      LicenceEvent: {
        type: "object",
        required: ["id", "type", "created", "data"],
        properties: {
          id: {
            type: "string",
            pattern: "^evt_[0-9a-f]{32}$",
            description: "The event id, also in Leerwinkel-Event-Id.",
          },
          type: { type: "string", enum: ["licence.activated", "licence.revoked", "licence.expired"] },
          created: { type: "string", format: "date-time", description: "When the event was made." },
          data: { $ref: "#/components/schemas/Change" },
        },
      },
      ChangesPage: {
        type: "object",
        required: ["changes", "next", "hasMore"],
        properties: {
          changes: { type: "array", items: { $ref: "#/components/schemas/Change" } },
          next: { type: "string", description: "Pass as `after` next time (the same cursor when nothing was new)." },
          hasMore: { type: "boolean" },
        },
      },
    },
  },
} as const;
