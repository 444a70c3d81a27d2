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

const change = {
  type: "object",
  required: ["cursor", "kind", "eckId", "ean", "title", "validFrom", "validTo", "at"],
  properties: {
    cursor: { type: "string", description: "The cursor just after this change." },
    kind: { type: "string", enum: ["activated", "revoked"] },
    eckId: { type: "string" },
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
      "publisher and rate-limited; every call is audited.",
  },
  servers: [{ url: "/" }],
  security: [{ bearer: [] }],
  paths: {
    "/api/v1/entitlements": {
      get: {
        operationId: "getEntitlements",
        summary: "A pupil's licences for the client's publisher's products",
        parameters: [
          {
            name: "eckId",
            in: "query",
            required: true,
            schema: { type: "string", pattern: "^https://ketenid\\.nl/201703/[0-9a-fA-F]{16,128}$" },
          },
        ],
        responses: {
          "200": {
            description: "The pupil's licences; an empty list for a pupil without any (or unknown).",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Entitlements" } } },
          },
          "400": refusal("eckId missing or not an ECK iD."),
          "401": refusal("Missing, unknown or revoked API key."),
          "429": refusal("Too many requests for this API client; see Retry-After."),
        },
      },
    },
    "/api/v1/entitlements/changes": {
      get: {
        operationId: "getEntitlementChanges",
        summary: "The change feed (activated, revoked) of the client's publisher's licences",
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
          "401": refusal("Missing, unknown or revoked API key."),
          "429": refusal("Too many requests for this API client; see Retry-After."),
        },
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
        required: ["eckId", "entitlements"],
        properties: {
          eckId: { type: "string" },
          entitlements: { type: "array", items: { $ref: "#/components/schemas/Entitlement" } },
        },
      },
      Change: change,
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
