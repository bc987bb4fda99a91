/** Shared by seal / rehearse / submit: .p12 loading, certificate files, envelope error printing. */
import { readFile, rename, rm } from 'node:fs/promises';
import { EnvelopeError, fromP12 } from '@ebid/pki';
import { EXIT, type Out, UsageError, guard } from './args.ts';

/** The .p12 passphrase: EBID_P12_PASSPHRASE (never argv), as `ebid p12`. */
export function p12Passphrase(): string {
  // eslint-disable-next-line no-restricted-properties -- the .p12 passphrase must stay off argv
  const env = process.env.EBID_P12_PASSPHRASE;
  if (!env) throw new UsageError('no passphrase: set EBID_P12_PASSPHRASE');
  return env;
}

export async function loadP12(file: string): Promise<{ privateKeyPem: string; certPem: string; chainPem: string[] }> {
  return fromP12(await readFile(file), p12Passphrase());
}

/** A certificate from a PEM file, or the certificate inside a .p12 (then the passphrase is needed). */
export async function certFromFile(file: string): Promise<string> {
  const raw = await readFile(file);
  if (raw.subarray(0, 64).toString('latin1').includes('-----BEGIN')) return raw.toString('utf8');
  return fromP12(raw, p12Passphrase()).certPem;
}

/** Like guard(), plus EnvelopeError → `error: CODE: zh / en` and exit 1. */
export function envelopeGuard(out: Out, usage: string, body: () => Promise<number>): Promise<number> {
  return guard(out, usage, async () => {
    try {
      return await body();
    } catch (e) {
      if (e instanceof EnvelopeError) {
        out(`error: ${e.code}: ${e.zh} / ${e.en}${e.detail ? ` (${e.detail})` : ''}\n`);
        return EXIT.FAIL;
      }
      throw e;
    }
  });
}

/** Write via `<file>.partial` and rename on success; remove it on failure. */
export async function writeAtomically<T>(file: string, write: (tmp: string) => Promise<T>): Promise<T> {
  const tmp = `${file}.partial`;
  try {
    const r = await write(tmp);
    await rename(tmp, file);
    return r;
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export function positiveInt(v: string, name: string): number {
  if (!/^\d{1,15}$/.test(v) || Number(v) <= 0) throw new UsageError(`--${name} must be a positive integer`);
  return Number(v);
}
