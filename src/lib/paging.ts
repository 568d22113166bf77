// Paging and sorting of lists, parsed from the URL so a filtered list can be bookmarked.
export interface Paging<S extends string> {
  page: number;
  perPage: number;
  offset: number;
  sort: S;
  dir: 'asc' | 'desc';
}

export function parsePaging<S extends string>(
  query: Record<string, unknown>,
  sortable: readonly S[],
  defaultSort: S,
  defaultDir: 'asc' | 'desc' = 'asc',
  perPage = 50,
): Paging<S> {
  const pageNum = Number(query.page);
  const page = Number.isInteger(pageNum) && pageNum >= 1 && pageNum <= 1_000_000 ? pageNum : 1;
  const sort = sortable.includes(query.sort as S) ? (query.sort as S) : defaultSort;
  const dir = query.dir === 'desc' ? 'desc' : query.dir === 'asc' ? 'asc' : defaultDir;
  return { page, perPage, offset: (page - 1) * perPage, sort, dir };
}

export interface Pager {
  page: number;
  pages: number;
  total: number;
  from: number;
  to: number;
  /** A page past the end (an old bookmark, a hand-edited address): nothing to show but the way back. */
  beyond: boolean;
  prevHref: string | null;
  nextHref: string | null;
}

/** The view model for a pager: links keep every other query parameter (`param` is the page's, for a second list on a page). */
export function pager(path: string, query: Record<string, unknown>, paging: Paging<string>, total: number, param = 'page'): Pager {
  const pages = Math.max(1, Math.ceil(total / paging.perPage));
  const from = total === 0 ? 0 : paging.offset + 1;
  const to = Math.min(total, paging.offset + paging.perPage);
  const beyond = paging.page > pages;
  return {
    page: paging.page,
    pages,
    total,
    from,
    to,
    beyond,
    prevHref: beyond ? href(path, query, { [param]: pages }) : paging.page > 1 ? href(path, query, { [param]: paging.page - 1 }) : null,
    nextHref: paging.page < pages ? href(path, query, { [param]: paging.page + 1 }) : null,
  };
}

/** A link to path with the current query, some parameters replaced (null removes one). */
export function href(path: string, query: Record<string, unknown>, changes: Record<string, string | number | null> = {}): string {
  const params = new URLSearchParams();
  const merged: Record<string, unknown> = { ...query, ...changes };
  for (const [k, v] of Object.entries(merged)) {
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => params.append(k, String(x)));
    else params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Link for a sortable column header: toggles direction when already sorted by it, back to page 1. */
export function sortHref(path: string, query: Record<string, unknown>, paging: Paging<string>, column: string): string {
  const dir = paging.sort === column && paging.dir === 'asc' ? 'desc' : 'asc';
  return href(path, query, { sort: column, dir, page: null });
}
