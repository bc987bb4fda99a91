/**
 * `@ebid/pki/constants` is what the web loads to name the bid's parts and size the transport pieces: it
 * must stay values only — no import at all, so it can never pull node-forge (or any crypto) into a page.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as constants from '@ebid/pki/constants';
import * as pki from '@ebid/pki';
import pkg from '../package.json' with { type: 'json' };

const file = new URL('./constants.ts', import.meta.url);

describe('@ebid/pki/constants', () => {
  it('is the package entry ./constants', () => {
    expect(pkg.exports['./constants']).toBe('./src/constants.ts');
  });

  it('imports nothing (so it loads neither node-forge nor any other module)', () => {
    const src = ts.createSourceFile('constants.ts', readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const imports = src.statements.filter((s) => ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s) || (ts.isExportDeclaration(s) && s.moduleSpecifier !== undefined));
    expect(imports.map((s) => s.getText(src))).toEqual([]);
    expect(readFileSync(file, 'utf8')).not.toMatch(/\bimport\s*\(|\brequire\s*\(/);
  });

  it('serves the same values as the full entry', () => {
    expect(constants.BID_PARTS).toBe(pki.BID_PARTS);
    expect(constants.TRANSPORT_CHUNK_SIZE).toBe(pki.TRANSPORT_CHUNK_SIZE);
    expect(constants.TRANSPORT_CHUNK_SIZE).toBe(4 * 1024 * 1024);
  });

  it('isBidPart names the four parts and nothing else', () => {
    for (const p of constants.BID_PARTS) expect(constants.isBidPart(p)).toBe(true);
    for (const p of ['price', 'Summary', '', null, 1, ['summary']]) expect(constants.isBidPart(p)).toBe(false);
  });
});
