/**
 * Every audit action and subject kind the code writes has words (issue 19 §4). `audit()` takes an
 * `AuditAction`, so the compiler refuses an act without words; this scan also catches the acts written
 * past it (appendAuditEvent directly, constants, alert kinds) and the subject kinds, which stay strings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_SUBJECT_TYPES, PROCEDURE_EVENT_TYPES, VOCABULARY } from '@ebid/domain';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const DIRS = ['packages', 'apps/server/src'];
const DOTTED = /'([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)'/g;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name === 'testing') continue;
      out.push(...sources(p));
    } else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$|\.int\.ts$|test-kit|test-app/.test(e.name)) {
      out.push(p);
    }
  }
  return out;
}

const files = DIRS.flatMap((d) => sources(path.join(ROOT, d))).filter((f) => f.includes(`${path.sep}src${path.sep}`));

/** The action literals written: `action: 'x.y'` (also both arms of a ternary), `*_ACTION = 'x.y'`, alert `kind: 'x.y'` passed to raiseStaffAlert, `project.${event.type}`. */
function writtenActions(): Map<string, string> {
  const found = new Map<string, string>();
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const rel = path.relative(ROOT, f);
    const exprs = [
      ...[...text.matchAll(/\baction:\s*([^,\n]+)/g)].map((m) => m[1]!),
      ...[...text.matchAll(/\b[A-Z_]*_ACTION\s*=\s*('[^']+')/g)].map((m) => m[1]!),
      ...(text.includes('raiseStaffAlert(') ? [...text.matchAll(/\bkind:\s*('[^']+')/g)].map((m) => m[1]!) : []),
    ];
    for (const x of exprs) {
      for (const m of x.matchAll(DOTTED)) found.set(m[1]!, rel);
      if (x.includes('`project.${')) for (const t of PROCEDURE_EVENT_TYPES) found.set(`project.${t}`, rel);
    }
  }
  return found;
}

function writtenSubjects(): Map<string, string> {
  const found = new Map<string, string>();
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\bsubject:\s*\{\s*type:\s*'([a-z_]+)'/g)) found.set(m[1]!, path.relative(ROOT, f));
  }
  return found;
}

describe('the audit log in words (issue 19 §4)', () => {
  const actions = writtenActions();
  const subjects = writtenSubjects();

  it('finds the acts written every way (not a vacuous scan)', () => {
    expect(actions.size).toBeGreaterThan(100);
    // Written past audit(): the login, the logout, the checkpoint, the integrity alert, an alert kind, a procedure event.
    for (const a of ['auth.login', 'auth.logout', 'audit.checkpoint', 'storage.integrity_failed', 'opening.start_overdue', 'project.terminate', 'cert.renew', 'user.deactivate']) {
      expect(actions.has(a), a).toBe(true);
    }
    expect(subjects.size).toBeGreaterThan(20);
  });

  it('has words for every action written anywhere in the code', () => {
    const missing = [...actions].filter(([a]) => !(AUDIT_ACTIONS as readonly string[]).includes(a)).map(([a, f]) => `${a} (${f})`);
    expect(missing).toEqual([]);
  });

  it('has words for every subject kind written anywhere in the code', () => {
    const missing = [...subjects].filter(([s]) => !(AUDIT_SUBJECT_TYPES as readonly string[]).includes(s)).map(([s, f]) => `${s} (${f})`);
    expect(missing).toEqual([]);
  });

  it.each(AUDIT_ACTIONS)('%s: a Chinese and an English name', (a) => {
    expect(VOCABULARY.zh[`auditAction.${a}`]).toMatch(/\p{Script=Han}/u);
    expect(VOCABULARY.en[`auditAction.${a}`]).toMatch(/^[A-Z]/);
  });

  it('lists no action the code no longer writes', () => {
    const stale = AUDIT_ACTIONS.filter((a) => !actions.has(a));
    expect(stale).toEqual([]);
  });
});
