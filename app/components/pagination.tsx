import { Link } from "@remix-run/react";
import { formatNumber } from "~/modules/format";

/** "Vorige · Pagina n van m · Volgende" for a paged list; `href(n)` keeps the list's filters. */
export function Pagination({
  page,
  pageCount,
  href,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label="Paginering">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          Vorige
        </Link>
      ) : null}
      <span>
        Pagina {formatNumber(page)} van {formatNumber(pageCount)}
      </span>
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next">
          Volgende
        </Link>
      ) : null}
    </nav>
  );
}
