/**
 * How an operation's answers are paged, in each style the providers use.
 */
/**
 * Pagination styles from the reference. Each names where the page cursor goes and how to read
 * the items and "is there more" from a response's data.
 */
export type PaginationSpec = PagingStyle & {
  /**
   * A page-size cap that depends on the input (EnrichLayer: at most 10 when profiles are
   * enriched). Checked against the input's own page size before sending, and applied to walks.
   */
  maxPageSizeFor?(input: any): PageSizeCap | undefined;
};

/** A tighter page-size limit and the input that causes it, for the message the user reads. */
export interface PageSizeCap {
  max: number;
  because: string;
}

type PagingStyle =
  | {
      /** `page` + `limit` (or other names) in the query or body; numbered pages. */
      style: 'page';
      in: 'query' | 'body';
      pageParam: string;
      sizeParam: string;
      firstPage: 0 | 1;
      maxPageSize: number;
      defaultPageSize: number;
      items(data: unknown): unknown[];
      /** Total pages if the response says; otherwise a short page ends the walk. */
      totalPages?(data: unknown): number | undefined;
      /** Total items across all pages, when the response states it (pages = ceil(total / size)). */
      totalItems?(data: unknown): number | undefined;
      hasMore?(data: unknown): boolean | undefined;
    }
  | {
      /** influencers.club style: `{paging: {limit, page}}` inside the JSON body. */
      style: 'bodyPaging';
      field: string;
      firstPage: 0 | 1;
      maxPageSize: number;
      defaultPageSize: number;
      items(data: unknown): unknown[];
      total?(data: unknown): number | undefined;
      /** Input field holding the page to start from; default the input's own `{field}.page`. */
      startParam?: string;
    }
  | {
      /** Leadfeeder page-number routes: `page[num]`, `page[size]`. */
      style: 'pageNum';
      maxPageSize: number;
      defaultPageSize: number;
      items(data: unknown): unknown[];
      pageCount(body: unknown): number | undefined;
      /** Input field holding the page number to start from (sent as `page[num]`, not as itself). */
      startParam?: string;
    }
  | {
      /** Leadfeeder cursor routes: `page[cursor]`, `page[size]`, `meta.pagination.next_cursor`. */
      style: 'cursor';
      maxPageSize: number;
      defaultPageSize: number;
      items(data: unknown): unknown[];
      nextCursor(body: unknown): string | null | undefined;
      /** Input field holding a cursor to start from (a walk resumed where an earlier one stopped). */
      startParam?: string;
    }
  | {
      /** EnrichLayer: follow the absolute `next_page` URL until null. */
      style: 'nextUrl';
      sizeParam: string;
      maxPageSize: number;
      defaultPageSize: number;
      items(data: unknown): unknown[];
      nextUrl(body: unknown): string | null | undefined;
      /** Input field holding a next-page URL to start from (a walk resumed where an earlier one stopped). */
      startParam?: string;
    };
