import { join } from 'node:path';
import { FONTS, PUBLIC_DIR, projectRoot, resolveAsset } from './web-assets';

describe(resolveAsset.name, () => {
  it('serves the page for every path without an extension, and files from the public folder', () => {
    expect(resolveAsset('/')).toBe('page');
    expect(resolveAsset('/statements/0d1f8c1e-0000-4000-8000-000000000000/record')).toBe('page');
    expect(resolveAsset('/js/main.js')).toBe(join(PUBLIC_DIR, 'js/main.js'));
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
