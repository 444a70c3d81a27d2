/**
 * What a page shows when its loader or action throws (a 404/403 Response, or a crash). Rendered by
 * the root and by each area's layout route (school, ouder, financien, beheer, catalogus,
 * winkelwagen, betalen, pakket), so it appears inside the site shell — header, menu and footer
 * stay — with a way back to the start of that area. A thrown Response's text is meant for people
 * (domainErrorAnswer(error, "page")); the message of any other error is never shown.
 */
import { Link, isRouteErrorResponse, useRouteError } from "@remix-run/react";

const TITLES: Record<number, string> = {
  400: "Dit verzoek klopt niet",
  403: "Geen toegang",
  404: "Niet gevonden",
  409: "Dat kan niet (meer)",
  413: "Te groot",
};

export function AreaErrorBoundary({ back }: { back?: { to: string; label: string } }) {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const given = isRouteErrorResponse(error) ? (typeof error.data === "string" ? error.data : error.statusText) : "";
  const message =
    given ||
    (status === 404
      ? "Deze pagina bestaat niet."
      : status >= 500
        ? "Er ging iets mis. Probeer het later opnieuw."
        : "");
  const to = back ?? { to: "/", label: "Terug naar de startpagina" };
  return (
    <section className="error-page">
      <h1>{TITLES[status] ?? "Er ging iets mis"}</h1>
      {message ? <p role="alert">{message}</p> : null}
      <p>
        <Link to={to.to}>{to.label}</Link>
      </p>
    </section>
  );
}
