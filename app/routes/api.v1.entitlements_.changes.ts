/** GET /api/v1/entitlements/changes?after=… (issue 16 §2); the endpoint is app/modules/delivery/entitlements-api.server.ts. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { handleEntitlementChanges, handleMethodNotAllowed } from "~/modules/delivery/entitlements-api.server";

export function loader({ request }: LoaderFunctionArgs) {
  return handleEntitlementChanges(request);
}

/** POST, PUT, DELETE …: 405 in JSON. */
export function action() {
  return handleMethodNotAllowed();
}
