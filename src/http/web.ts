import path from 'node:path';
import express, { Router } from 'express';

/** The project root, from src/http or dist/http alike. */
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const WEB_DIR = path.join(PROJECT_ROOT, 'web');
const INDEX = path.join(WEB_DIR, 'index.html');

/**
 * The Manage Team page (docs/contract.md, Web): static files from web/, no build step. `/` and `/app`
 * both serve index.html; the page's scripts and styles are fetched from the root. Nothing here
 * needs a token: the page asks for one and sends it with every API call.
 */
export function webRouter(): Router {
  const router = Router();
  router.get(['/', '/app', '/app/'], (_req, res) => {
    res.set('Cache-Control', 'no-cache').sendFile(INDEX);
  });
  router.use(
    express.static(WEB_DIR, {
      index: false,
      redirect: false,
      dotfiles: 'ignore',
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
  return router;
}
