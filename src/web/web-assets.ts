import { existsSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { SECURITY_HEADERS } from '../common/security-headers';

/** The project root: the nearest folder above with a package.json (src/web or dist/src/web). */
export function projectRoot(from = __dirname): string {
  let folder = from;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${from}`);
    folder = parent;
  }
  return folder;
}

// tsc does not copy assets: the pages are served from the source folder, under Jest and built.
export const PUBLIC_DIR = join(projectRoot(), 'src/web/public');

/**
 * A file to send: its folder and its path inside it. sendFile gets both (its `root` option), so
 * only the part inside `root` is checked for dotfiles: the project may live under ~/.local/….
 */
export interface Asset {
  root: string;
  file: string;
}

const SARABUN = dirname(require.resolve('@expo-google-fonts/sarabun/package.json'));
/** The Thai-capable typeface of the pages, served from its npm package. */
export const FONTS: Record<string, Asset> = {
  '/fonts/sarabun-400.ttf': { root: SARABUN, file: '400Regular/Sarabun_400Regular.ttf' },
  '/fonts/sarabun-600.ttf': { root: SARABUN, file: '600SemiBold/Sarabun_600SemiBold.ttf' },
};

/** The EN/TH vocabulary the pages share with the PDF and the emails, kept in src/common. */
export const VOCABULARY_ASSET: Asset = {
  root: join(projectRoot(), 'src/common'),
  file: 'vocabulary.catalogue.json',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

/**
 * The file a GET path names (relative to its root), or 'page' for a route of the single-page
 * app, or null: the API, an unknown file, a dotfile, or a path out of the public folder.
 */
export function resolveAsset(path: string, publicDir = PUBLIC_DIR): Asset | 'page' | null {
  if (path === '/api' || path.startsWith('/api/')) return null;
  if (FONTS[path]) return FONTS[path];
  if (path === '/vocabulary.json') return VOCABULARY_ASSET;
  if (!extname(path)) return 'page';
  const root = resolve(publicDir);
  const file = resolve(root, `.${path}`);
  if (!file.startsWith(root + sep)) return null;
  const inside = relative(root, file).split(sep);
  if (inside.some((part) => part.startsWith('.'))) return null;
  return existsSync(file) && statSync(file).isFile() ? { root, file: inside.join('/') } : null;
}

/**
 * Serves the pages at `/`: static files from src/web/public, and index.html for any path
 * without an extension (/, /statements/…), so the browser's router takes over. Everything
 * under /api, and any unknown file, falls through to the API and its JSON 404.
 */
export function webAssets(publicDir = PUBLIC_DIR) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(request.path);
    } catch {
      return next();
    }
    if (path.includes('\0')) return next();
    const asset = resolveAsset(path, publicDir);
    if (!asset) return next();
    const { root, file } =
      asset === 'page' ? { root: resolve(publicDir), file: 'index.html' } : asset;
    const isFont = extname(file) === '.ttf';
    response.sendFile(
      file,
      {
        // Relative to root: folders above it (~/.local/share/adref) are not the request's.
        root,
        dotfiles: 'deny',
        cacheControl: false,
        headers: {
          ...SECURITY_HEADERS,
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
          // Revalidate pages and scripts (ETag) so a new version shows at once; fonts keep.
          'Cache-Control': isFont ? 'public, max-age=604800' : 'no-cache',
        },
      },
      (error) => {
        // A vanished file or an aborted download: leave it to the JSON 404, or to nobody.
        if (error && !response.headersSent) next();
      },
    );
  };
}
