import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
} from "@remix-run/react";
import stylesHref from "./styles.css?url";
import { getOptionalUser } from "~/modules/auth/users.server";
import { navigationFor } from "~/modules/auth/navigation";
import { ROLE_LABELS } from "~/modules/auth/roles";
import { isTestPaymentMode } from "~/modules/payments/mode.server";
import { footerRates } from "~/modules/vat/footer-rates.server";
import { useNonce } from "~/components/nonce";
import { AreaErrorBoundary } from "~/components/error-boundary";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  // public/favicon.svg, served from our own origin (CSP img-src 'self').
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];
export const meta: MetaFunction = () => [{ title: "Leerwinkel — leermiddelen voor scholen en ouders" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  return {
    user: user && {
      name: user.name,
      email: user.email,
      roles: user.roles.map((r) => ({ role: r.role, organisationName: r.organisationName })),
    },
    nav: navigationFor(user?.roles.map((r) => r.role) ?? []),
    testPaymentMode: isTestPaymentMode(),
    vatRates: await footerRates(),
  };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="nl">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Shell({ children }: { children: React.ReactNode }) {
  // Also rendered around the root error boundary, where the root loader may not have answered.
  const data = useRouteLoaderData<typeof loader>("root");
  const location = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        Naar de inhoud
      </a>
      <header className="site-header">
        <div className="container header-inner">
          {/* The visible name starts the accessible one (WCAG 2.5.3 label in name). */}
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              L
            </span>{" "}
            Leerwinkel<span className="visually-hidden">, naar de startpagina</span>
          </Link>
          {/* Phones: a "Menu" toggle that opens navigation and account below the bar, without
              JavaScript (<details>); from 801 px the toggle is hidden and both sit in the bar.
              Keyed by path so that a client-side navigation closes it again. */}
          <details className="site-menu" key={location.pathname}>
            <summary className="site-menu-toggle">Menu</summary>
            <div className="site-menu-body">
              <nav aria-label="Hoofdmenu" className="main-nav">
                <ul>
                  {data?.nav.map((item) => (
                    <li key={item.to}>
                      <NavLink to={item.to} end={item.end}>
                        {item.label}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </nav>
              <div className="account-menu">
                {data?.user ? (
                  <>
                    <span className="account-name" title={data.user.email}>
                      {data.user.name}
                      <small>
                        {data.user.roles
                          .map(
                            (r) =>
                              ROLE_LABELS[r.role as keyof typeof ROLE_LABELS] +
                              (r.organisationName ? ` · ${r.organisationName}` : ""),
                          )
                          .join(", ")}
                      </small>
                    </span>
                    <Link to="/wachtwoord" className="button button-secondary">
                      Wachtwoord wijzigen
                    </Link>
                    <Form method="post" action="/logout">
                      <button type="submit" className="button button-secondary">
                        Uitloggen
                      </button>
                    </Form>
                  </>
                ) : (
                  <>
                    <Link to="/login" className="button button-secondary">
                      Inloggen
                    </Link>
                    <Link to="/registreren" className="button">
                      Account aanmaken
                    </Link>
                  </>
                )}
              </div>
            </div>
          </details>
        </div>
      </header>
      {data?.testPaymentMode ? (
        <div className="test-mode-banner" role="note">
          Testomgeving: betalingen lopen via de testbetaalmodus, er wordt geen echt geld afgeschreven.
        </div>
      ) : null}
      <main id="main" className="container main">
        {children}
      </main>
      <footer className="site-footer">
        <div className="container footer-inner">
          <p>Leerwinkel B.V. · Leermiddelen voor het primair, voortgezet en beroepsonderwijs</p>
          <p>
            Prijzen voor scholen excl. btw, voor ouders incl. btw
            {data?.vatRates
              ? ` · Gedrukt lesmateriaal ${data.vatRates.physical}% btw, digitale licenties ${data.vatRates.electronic}% btw`
              : null}
          </p>
        </div>
      </footer>
    </>
  );
}

export default function App() {
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  return (
    <Shell>
      <AreaErrorBoundary />
    </Shell>
  );
}
