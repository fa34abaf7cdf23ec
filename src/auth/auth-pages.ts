import type { Response } from 'express';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/**
 * A sign-in that can't go on, as a page a person reads in their browser: what happened, what to
 * do, and the way back. Plain HTML with no script, so the page's CSP has nothing to allow.
 */
export function sendSignInPage(res: Response, status: number, title: string, detail: string): void {
  res
    .status(status)
    .type('html')
    .set('Cache-Control', 'no-store')
    .send(
      `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)} · Roster</title><link rel="stylesheet" href="/app.css"></head>
<body>
<main class="signin-refusal">
<h1>${escapeHtml(title)}</h1>
<p id="reason">${escapeHtml(detail)}</p>
<p><a href="/">Back to the Manage Team page</a></p>
</main>
</body>
</html>
`,
    );
}
