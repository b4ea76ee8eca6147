import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|tsx|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

describe('browser/collector boundary', () => {
  it('no browser source imports the collector or a Node built-in it relies on', () => {
    const offenders = sources(join(root, 'src'))
      .filter((file) => !relative(root, file).startsWith(join('src', 'collector')))
      .filter((file) =>
        /from\s+['"][^'"]*collector[^'"]*['"]|import\(\s*['"][^'"]*collector/.test(readFileSync(file, 'utf8')),
      )
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });

  it('exposes the collector only through its own subpath export', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.exports['./collector'])[0]).toBe('types');
    expect(pkg.exports['.'].import).not.toMatch(/collector/);
  });
});
