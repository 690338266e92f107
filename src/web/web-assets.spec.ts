import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { FONTS, PUBLIC_DIR, projectRoot, resolveAsset, webAssets } from './web-assets';

describe(resolveAsset.name, () => {
  it('serves the page for every path without an extension, and files from the public folder', () => {
    expect(resolveAsset('/')).toBe('page');
    expect(resolveAsset('/statements/0d1f8c1e-0000-4000-8000-000000000000/record')).toBe('page');
    expect(resolveAsset('/js/main.js')).toEqual({ root: PUBLIC_DIR, file: 'js/main.js' });
    expect(resolveAsset('/fonts/sarabun-400.ttf')).toBe(FONTS['/fonts/sarabun-400.ttf']);
  });

  it('leaves the API and unknown files alone, and never leaves the public folder', () => {
    expect(resolveAsset('/api')).toBeNull();
    expect(resolveAsset('/api/v1/unknown')).toBeNull();
    expect(resolveAsset('/js/none.js')).toBeNull();
    expect(resolveAsset('/../package.json')).toBeNull();
    expect(resolveAsset('/js/../../../package.json')).toBeNull();
  });

  it('finds the project root from the source folder and from dist/', () => {
    const root = projectRoot();
    expect(projectRoot(join(root, 'dist/src/web'))).toBe(root);
  });
});

// The issue: under ~/.local/share/adref every page was a bare 404, as sendFile refused the
// dotted folder above the project. Dotfiles inside the public folder stay refused.
describe(`${webAssets.name} under a dotted folder`, () => {
  const home = mkdtempSync(join(tmpdir(), 'adref-web-'));
  const publicDir = join(home, '.local/share/adref/src/web/public');
  const app = express();
  app.use(webAssets(publicDir));
  app.use((_request, response) => {
    response.status(404).json({ code: 'not_found' });
  });

  beforeAll(() => {
    mkdirSync(join(publicDir, 'js'), { recursive: true });
    mkdirSync(join(publicDir, '.hidden'), { recursive: true });
    writeFileSync(join(publicDir, 'index.html'), '<!doctype html><title>board</title>');
    writeFileSync(join(publicDir, 'js/main.js'), 'export {};');
    writeFileSync(join(publicDir, '.env'), 'SECRET=1');
    writeFileSync(join(publicDir, '.hidden/x.js'), 'secret();');
    writeFileSync(join(home, '.local/share/adref/outside.js'), 'outside();');
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('serves the page at / and at a route of the app, and the scripts', async () => {
    for (const path of ['/', '/statements/0d1f8c1e-0000-4000-8000-000000000000']) {
      const page = await request(app).get(path);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.text).toContain('<title>board</title>');
    }
    const script = await request(app).get('/js/main.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.text).toBe('export {};');
  });

  it('serves the fonts from their package', async () => {
    const font = await request(app).get('/fonts/sarabun-400.ttf');
    expect(font.status).toBe(200);
    expect(font.headers['content-type']).toBe('font/ttf');
  });

  it('refuses dotfiles inside the public folder and paths out of it', async () => {
    // No extension: a route of the app, so the page, never the file.
    const env = await request(app).get('/.env');
    expect(env.text).toContain('<title>board</title>');
    expect(env.text).not.toContain('SECRET');
    for (const path of [
      '/.hidden/x.js',
      '/js/../.hidden/x.js',
      '/%2e%2e/outside.js',
      '/js/%2e%2e/%2e%2e/outside.js',
      '/..%2foutside.js',
    ]) {
      const response = await request(app).get(path);
      expect({ path, status: response.status, body: response.body }).toEqual({
        path,
        status: 404,
        body: { code: 'not_found' },
      });
    }
  });
});
