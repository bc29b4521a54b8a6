import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Third-party modules the console imports, served from node_modules as they ship: nothing to build. */
const VENDOR: Record<string, string> = {
  'preact.mjs': 'preact/dist/preact.mjs',
  'preact-hooks.mjs': 'preact/hooks/dist/hooks.mjs',
  'htm.mjs': 'htm/dist/htm.module.js',
  'uplot.mjs': 'uplot/dist/uPlot.esm.js',
  'uplot.css': 'uplot/dist/uPlot.min.css',
};

/** The package root: the nearest folder up from this file holding console/index.html (src/ or dist/src/ alike). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'console', 'index.html'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('console/index.html not found above the service code');
    dir = parent;
  }
  return dir;
}

/**
 * The operator console at `/` (DESIGN §8): static ES modules, outside Nest's routing like the docs,
 * so it needs no API key itself; every request it makes to /api/v1 does. The CSP lets it load only
 * its own files and the inline import map, named by hash.
 */
export function consoleAssets(): RequestHandler {
  const root = packageRoot();
  const html = readFileSync(join(root, 'console', 'index.html'), 'utf8');
  const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'sha256-${createHash('sha256').update(importMap).digest('base64')}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
  const files = express.static(join(root, 'console'), { index: false, fallthrough: false, setHeaders: (res) => res.setHeader('Content-Security-Policy', csp) });
  const modules = join(root, 'node_modules');
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/') {
      res.setHeader('Content-Security-Policy', csp);
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html').send(html);
      return;
    }
    if (req.path.startsWith('/console/')) {
      req.url = req.url.slice('/console'.length);
      files(req, res, (error?: unknown) => {
        req.url = `/console${req.url}`;
        next(error);
      });
      return;
    }
    const vendor = req.path.startsWith('/vendor/') ? VENDOR[req.path.slice('/vendor/'.length)] : undefined;
    if (vendor) return res.sendFile(join(modules, vendor), { headers: { 'Cache-Control': 'public, max-age=3600' } });
    next();
  };
}
