/**
 * The admin API (/api/v1) as the page calls it: every request carries the admin token as a
 * bearer token. The token lives in sessionStorage, so it lasts for this tab's session only.
 */
const TOKEN_KEY = 'roster.adminToken';

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {{ kind?: string, message?: string } & Record<string, unknown>} body the `error` object
   */
  constructor(status, body) {
    super(body.message ?? `The server answered ${status}.`);
    this.status = status;
    this.kind = body.kind ?? 'unknown';
    this.data = body;
  }
}

export function storedToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function rememberToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

let onUnauthenticated = () => {};

/** What to do when the token stops working (revoked, or signed out elsewhere). */
export function whenUnauthenticated(handler) {
  onUnauthenticated = handler;
}

/**
 * One API call. `json` is sent as a JSON body, `csv` as a text/csv body. Answers the parsed JSON
 * (or the Response itself with `raw: true`); an error answer throws an ApiError carrying the
 * server's message verbatim.
 */
export async function api(path, { method = 'GET', json, csv, headers = {}, raw = false, token } = {}) {
  const auth = token ?? storedToken();
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (auth) init.headers.Authorization = `Bearer ${auth}`;
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (csv !== undefined) {
    init.headers['Content-Type'] = 'text/csv; charset=utf-8';
    init.body = csv;
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, init);
  } catch {
    throw new ApiError(0, {
      kind: 'network',
      message: 'Roster could not be reached; check your connection and try again.',
    });
  }
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    const error = new ApiError(response.status, body.error ?? {});
    if (response.status === 401 && token === undefined) onUnauthenticated(error);
    throw error;
  }
  if (raw) return response;
  return response.status === 204 ? null : response.json();
}

/** A query string from the defined, non-empty parameters. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const users = {
  list: (params) => api(`/users${query(params)}`),
  get: (id) => api(`/users/${encodeURIComponent(id)}`),
  update: (id, edits, version) =>
    api(`/users/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      json: edits,
      headers: version === undefined ? {} : { 'If-Match': `W/"${version}"` },
    }),
  deactivate: (id, body = {}) =>
    api(`/users/${encodeURIComponent(id)}/deactivate`, { method: 'POST', json: body }),
  reactivate: (id) => api(`/users/${encodeURIComponent(id)}/reactivate`, { method: 'POST', json: {} }),
  exportCsv: () => api('/users/export', { headers: { Accept: 'text/csv' }, raw: true }),
  importCsv: (text, dryRun) =>
    api(`/users/import${query({ dryRun: dryRun ? 'true' : undefined })}`, { method: 'POST', csv: text }),
};

export const account = () => api('/account');
export const audit = (userId) => api(`/audit${query({ userId })}`);

/** IdP deactivations Roster will finish once their block ends (contract.md "Pending deactivations"). */
export const pendingDeactivations = {
  list: () => api('/pending-deactivations'),
  cancel: (userId) => api(`/pending-deactivations/${encodeURIComponent(userId)}`, { method: 'DELETE' }),
};
