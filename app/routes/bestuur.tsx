/** Layout of /bestuur/…: the board coordinator's area (issue 15), its error boundary inside the site shell. */
import { Outlet } from "@remix-run/react";
import { AreaErrorBoundary } from "~/components/error-boundary";

export default function BoardArea() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <AreaErrorBoundary back={{ to: "/bestuur", label: "Terug naar de bundelrondes" }} />;
}
