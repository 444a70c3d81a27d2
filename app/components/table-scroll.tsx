import type { ReactNode } from "react";

/**
 * The one wrapper for a table that may be wider than the screen (issue 12: no page scrolls
 * sideways on a 375 px phone). The table scrolls inside this region, which is labelled and
 * focusable so keyboard users can scroll it too (WCAG 2.1.1, axe "scrollable-region-focusable").
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
