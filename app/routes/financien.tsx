/** Layout of /financien/…: the area's error boundary, inside the site shell (app/components/error-boundary.tsx). */
import { Outlet } from "@remix-run/react";
import { AreaErrorBoundary } from "~/components/error-boundary";

export default function FinancienArea() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <AreaErrorBoundary back={{ to: "/financien", label: "Terug naar Financiën" }} />;
}
