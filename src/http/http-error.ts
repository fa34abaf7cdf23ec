import type { RosterErrorKind } from '../domain';

/**
 * Failures the HTTP layer finds itself, with no domain meaning: the domain's RosterError kinds
 * stay about users and tenants. Mapped to a status in the same table (src/http/error-table.ts).
 */
export type HttpErrorKind = 'request-timeout';

export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly kind: HttpErrorKind,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** Every kind an error response can carry. */
export type ErrorKind = RosterErrorKind | HttpErrorKind;
