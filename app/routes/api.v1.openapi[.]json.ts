/** GET /api/v1/openapi.json: the entitlements API's OpenAPI 3.1 description (app/modules/delivery/api-openapi.ts). */
import { OPENAPI_DOCUMENT } from "~/modules/delivery/api-openapi";

export function loader() {
  return new Response(JSON.stringify(OPENAPI_DOCUMENT), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
