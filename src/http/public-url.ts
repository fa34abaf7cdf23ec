import type { Express, Request } from 'express';

/**
 * The scheme, host and path prefix of the absolute URLs Roster emits: ROSTER_PUBLIC_URL when set
 * (the `Host` header is then never reflected, so a forged one can't plant links), else the
 * request's own, for development (contract.md, Base URL).
 */
export function publicBase(req: Request): string {
  const configured = (req.app.locals as { publicUrl?: string }).publicUrl;
  return configured ?? `${req.protocol}://${req.get('host')}`;
}

/** Given once to the app (src/app.ts); every router reads it through publicBase(). */
export function setPublicUrl(app: Express, publicUrl: string | undefined): void {
  if (publicUrl !== undefined) app.locals.publicUrl = publicUrl;
}
