/**
 * The SCIM error body (RFC 7644 §3.12), the one renderer of it: the error handler
 * (src/http/errors.ts) answers a request with it and /Bulk puts it in each failed operation
 * (§3.7.3). `status` is a string in SCIM's JSON; `scimType` only where the error table gives one.
 */
export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export interface ScimErrorBody {
  readonly schemas: readonly [typeof SCIM_ERROR_SCHEMA];
  readonly status: string;
  readonly scimType?: string;
  readonly detail: string;
}

/** `answer` is the error table's row for the error's kind (src/http/error-table.ts). */
export function scimErrorBody(
  answer: { status: number; scimType?: string | undefined },
  detail: string,
): ScimErrorBody {
  return {
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(answer.status),
    ...(answer.scimType === undefined ? {} : { scimType: answer.scimType }),
    detail,
  };
}
