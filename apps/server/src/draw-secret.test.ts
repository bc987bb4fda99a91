/**
 * The draw secret (issue 14 §2) lives in a file outside the database: created 0600 outside production,
 * required and private in production, refused when malformed — a ConfigError naming the key, never the value.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@ebid/config';
import { loadDrawSecret } from './deps.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-draw-secret-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cfg = (file: string, production: boolean) => ({ mode: production ? ('production' as const) : ('embedded' as const), draws: { secretFile: file, createIfMissing: !production } });

function keysOf(f: () => unknown): string[] | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof ConfigError) return e.keys;
    throw e;
  }
}

describe('loadDrawSecret', () => {
  it('outside production: creates 32 random bytes in a 0600 file on first start, then reads the same', () => {
    const file = path.join(dir, 'dev', 'pki', 'draw-secret');
    const a = loadDrawSecret(cfg(file, false));
    expect(a).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadDrawSecret(cfg(file, false)).equals(a)).toBe(true);
    const other = loadDrawSecret(cfg(path.join(dir, 'dev2', 'draw-secret'), false));
    expect(other.equals(a)).toBe(false);
  });

  it('production: a missing file stops the start (never created)', () => {
    const file = path.join(dir, 'prod-missing');
    expect(keysOf(() => loadDrawSecret(cfg(file, true)))).toEqual(['DRAW_SECRET_FILE']);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('production: a file readable by group or others is refused; 0600 is read', () => {
    const file = path.join(dir, 'prod');
    fs.writeFileSync(file, `${'ab'.repeat(32)}\n`, { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    expect(keysOf(() => loadDrawSecret(cfg(file, true)))).toEqual(['DRAW_SECRET_FILE']);
    fs.chmodSync(file, 0o600);
    expect(loadDrawSecret(cfg(file, true)).toString('hex')).toBe('ab'.repeat(32));
  });

  it.each([['short', 'abcd'], ['not hex', 'zz'.repeat(32)], ['empty', '']])('a %s file is refused without echoing it', (_n, content) => {
    const file = path.join(dir, `bad-${_n.replace(/\s/g, '')}`);
    fs.writeFileSync(file, content, { mode: 0o600 });
    try {
      loadDrawSecret(cfg(file, false));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).keys).toEqual(['DRAW_SECRET_FILE']);
      if (content) expect((e as Error).message).not.toContain(content);
    }
  });
});
