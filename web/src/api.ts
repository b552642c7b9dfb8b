import type { FieldProblem, RowProblem } from './api-types';

/** An answer of the API that was not 2xx, with the API's own message and, for a file, its row problems; for a form, its fields'. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly rows: RowProblem[] = [],
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

let signedOut: () => void = () => {};

/** What to do when the API answers 401: the session has ended (expired, signed out elsewhere, user revoked). */
export function onSignedOut(handler: () => void): void {
  signedOut = handler;
}

/**
 * A call to the API with the session cookie (sent by the browser, never seen by this script). Every
 * call carries X-Requested-With, which the service requires of cookie-authenticated changes and
 * which another site's page cannot send.
 */
export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('X-Requested-With', 'fetch');
  if (typeof init.body === 'string') headers.set('Content-Type', 'application/json');
  const res = await fetch(path, { ...init, headers });
  if (res.status === 401) signedOut();
  if (!res.ok) throw await errorOf(res);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export function post<T>(path: string, body: unknown = {}): Promise<T> {
  return api<T>(path, { method: 'POST', body: JSON.stringify(body) });
}

async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as { message?: string; details?: unknown } | null;
  const details = Array.isArray(body?.details) ? (body.details as Array<RowProblem | FieldProblem>) : [];
  const rows = res.status === 422 ? (details as RowProblem[]) : [];
  const fields = res.status === 400 ? details.filter((d): d is FieldProblem => 'field' in d) : [];
  return new ApiError(res.status, body?.message ?? `The service answered ${res.status} ${res.statusText}`, rows, fields);
}

/** `/api/breaches?status=OPEN`: the parameters that have a value. */
export function withQuery(path: string, params: Record<string, string | number | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== null && value !== undefined && value !== '') query.set(name, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
