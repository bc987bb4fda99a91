/**
 * Typecheck and lint run as tests (issue 2 §1), so a type error or a broken architecture rule fails the
 * suite like any other test and is counted in the CI summary.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@ebid/testing';

const run = promisify(execFile);

async function sh(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(cmd, args, { cwd: REPO_ROOT, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', TURBO_TELEMETRY_DISABLED: '1' } });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : 1, out: (x.stdout ?? '') + (x.stderr ?? '') };
  }
}

const workspaces = ['apps', 'packages']
  .flatMap((d) => fs.readdirSync(path.join(REPO_ROOT, d)).map((n) => `${d}/${n}`))
  .concat(['tests'])
  .filter((w) => fs.existsSync(path.join(REPO_ROOT, w, 'package.json')));

describe('static checks', () => {
  it('every workspace has a strict typecheck task', () => {
    for (const w of workspaces) {
      const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, w, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
      expect(pkg.scripts?.typecheck, w).toMatch(/^tsc -p /);
    }
    const base = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'tsconfig.base.json'), 'utf8')) as {
      compilerOptions: Record<string, unknown>;
    };
    expect(base.compilerOptions).toMatchObject({ strict: true, noUncheckedIndexedAccess: true });
  });

  it('typecheck (turbo run typecheck over every workspace)', async () => {
    const r = await sh(path.join(REPO_ROOT, 'node_modules/.bin/turbo'), ['run', 'typecheck', '--output-logs=errors-only', '--concurrency=2']);
    expect(r.out.slice(-6000), 'typecheck output').not.toMatch(/error TS\d+/);
    expect(r.code).toBe(0);
  });

  it('lint (eslint, no warnings)', async () => {
    const r = await sh(path.join(REPO_ROOT, 'node_modules/.bin/eslint'), ['--max-warnings=0', '.']);
    expect(r.out.slice(-6000), 'eslint output').toBe('');
    expect(r.code).toBe(0);
  });

  it('internal packages are consumed from source', () => {
    for (const w of workspaces.filter((x) => x.startsWith('packages/'))) {
      const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, w, 'package.json'), 'utf8')) as { exports?: Record<string, string> };
      expect(pkg.exports?.['.'], w).toBe('./src/index.ts');
    }
  });
});
