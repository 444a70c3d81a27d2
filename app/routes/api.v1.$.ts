/** Any path under /api/v1 that is not an endpoint: a JSON 404 (app/modules/delivery/entitlements-api.server.ts). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleUnknownApiPath } from "~/modules/delivery/entitlements-api.server";

export function loader({ request }: LoaderFunctionArgs) {
  return handleUnknownApiPath(request);
}

export function action({ request }: ActionFunctionArgs) {
  return handleUnknownApiPath(request);
}
