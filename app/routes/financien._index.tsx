import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole, hasRole } from "~/modules/auth/users.server";
import { db } from "~/db.server";
import { formatCents } from "~/modules/money/format-cents";

export const meta: MetaFunction = () => [{ title: "Facturen — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_FINANCE", "SCHOOL_FINANCE");
  const schoolId = hasRole(user, "OPERATOR_FINANCE") ? undefined : user.roles.find((r) => r.role === "SCHOOL_FINANCE")!.organisationId!;
  const invoices = await db.invoice.findMany({
    where: schoolId ? { schoolId } : {},
    orderBy: [{ issueDate: "desc" }, { number: "desc" }],
    take: 50,
    select: { id: true, number: true, type: true, issueDate: true, buyerName: true, grossCents: true },
  });
  return { scope: schoolId ? "school" : "all", invoices: invoices.map((i) => ({ ...i, gross: formatCents(i.grossCents) })) };
}

export default function FinanceHome() {
  const { invoices } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Facturen</h1>
      {invoices.length === 0 ? <p className="muted">Er zijn nog geen facturen.</p> : (
        <div className="table-wrap"><table>
          <thead><tr><th>Nummer</th><th>Type</th><th>Datum</th><th>Klant</th><th className="num">Totaal incl. btw</th></tr></thead>
          <tbody>{invoices.map((i) => (
            <tr key={i.id}><td>{i.number}</td><td>{i.type === "CREDIT_NOTE" ? "Creditnota" : "Factuur"}</td><td>{i.issueDate}</td><td>{i.buyerName}</td><td className="num">{i.gross}</td></tr>
          ))}</tbody>
        </table></div>
      )}
    </>
  );
}
