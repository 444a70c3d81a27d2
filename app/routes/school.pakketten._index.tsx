import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { listPackages } from "~/modules/packages/packages.server";
import { formatDateShort } from "~/modules/format";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Leerlingpakketten — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { schoolId, schoolName } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const packages = await listPackages(schoolId);
  return {
    schoolName,
    packages: packages.map((p) => ({
      ...p,
      window: `${formatDateShort(p.orderFrom)} t/m ${formatDateShort(p.orderUntil)}`,
    })),
  };
}

export default function Packages() {
  const { schoolName, packages } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Leerlingpakketten — {schoolName}</h1>
      <p className="row">
        <Link className="button" to="/school/pakketten/nieuw">
          Nieuw pakket
        </Link>
        <Link className="button button-secondary" to="/school/pakketten/leerlingen">
          Leerlingen en bestelcodes
        </Link>
      </p>
      {packages.length === 0 ? (
        <p className="muted">Er zijn nog geen pakketten.</p>
      ) : (
        <TableScroll label="Leerlingpakketten">
          <table>
            <thead>
              <tr>
                <th scope="col">Pakket</th>
                <th scope="col">Klas</th>
                <th scope="col">Schooljaar</th>
                <th scope="col">Besteltermijn</th>
                <th scope="col" className="num">
                  Onderdelen
                </th>
                <th scope="col" className="num">
                  Bestellingen
                </th>
                <th scope="col">Herhaalbestelling</th>
              </tr>
            </thead>
            <tbody>
              {packages.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/school/pakketten/${p.id}`}>{p.name}</Link>
                  </td>
                  <td>{p.classGroup}</td>
                  <td>{p.schoolYear}</td>
                  <td>{p.window}</td>
                  <td className="num">{p._count.items}</td>
                  <td className="num">{p._count.orders}</td>
                  <td>{p.allowRepeatOrders ? "toegestaan" : "nee"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
