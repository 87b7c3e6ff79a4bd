import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { contentSecurityPolicy, FORM_FRAME_PATH, frameContentSecurityPolicy } from '../../shared/content-security-policy';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** Serves the built renderer; unknown paths fall back to index.html so client routes survive reload. */
export const serveStatic = (root: string, urlPath: string, res: ServerResponse): void => {
  const relative = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  let file = join(root, relative);
  if (!file.startsWith(root + sep) && file !== root) {
    res.writeHead(400).end();
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The renderer is not built. Run `npm run build:renderer` (npm run serve does it for you).');
    return;
  }
  const isFrame = file === join(root, FORM_FRAME_PATH);
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': isFrame ? frameContentSecurityPolicy() : contentSecurityPolicy({ connectSelf: true }),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': extname(file) === '.html' ? 'no-store' : 'public, max-age=3600',
    // The opaque-origin form frame loads its module scripts and styles in CORS mode (origin
    // "null"); built assets are public code, the API stays behind the token.
    ...(relative.startsWith('assets/') ? { 'access-control-allow-origin': '*' } : {}),
  });
  createReadStream(file).pipe(res);
};
