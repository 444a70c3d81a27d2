/** Layout of /betalen/…: the area's error boundary, inside the site shell (app/components/error-boundary.tsx). */
import { Outlet } from "@remix-run/react";
import { AreaErrorBoundary } from "~/components/error-boundary";

export default function BetalenArea() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <AreaErrorBoundary back={{ to: "/", label: "Terug naar de startpagina" }} />;
}
