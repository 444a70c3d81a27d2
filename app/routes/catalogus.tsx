/** Layout of /catalogus/…: the area's error boundary, inside the site shell (app/components/error-boundary.tsx). */
import { Outlet } from "@remix-run/react";
import { AreaErrorBoundary } from "~/components/error-boundary";

export default function CatalogusArea() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <AreaErrorBoundary back={{ to: "/catalogus", label: "Terug naar de catalogus" }} />;
}
