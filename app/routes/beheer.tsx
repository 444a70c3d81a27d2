/** Layout of /beheer/…: the area's error boundary, inside the site shell (app/components/error-boundary.tsx). */
import { Outlet } from "@remix-run/react";
import { AreaErrorBoundary } from "~/components/error-boundary";

export default function BeheerArea() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <AreaErrorBoundary back={{ to: "/beheer", label: "Terug naar Beheer" }} />;
}
