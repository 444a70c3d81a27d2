/**
 * The board coordinator's guard (issue 15): a BOARD_ADMIN membership scopes every query of the
 * /bestuur pages to that one board.
 */
import { requireRole } from "~/modules/auth/users.server";
import { boardOf } from "./bundle-round.server";

export async function requireBoardAdmin(request: Request) {
  const user = await requireRole(request, "BOARD_ADMIN");
  const board = boardOf(user);
  if (!board) throw new Response("U heeft geen toegang tot deze pagina.", { status: 403 });
  return { user, ...board };
}
