import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireSameOrigin } from "~/modules/auth/same-origin";
import { destroyUserSession } from "~/modules/auth/session.server";

export const loader = () => redirect("/");

/** Another site must not log our users out (a forced logout is the first step of login CSRF). */
export const action = ({ request }: ActionFunctionArgs) => {
  requireSameOrigin(request);
  return destroyUserSession(request, "/");
};
