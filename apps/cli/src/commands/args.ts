/** Shared helpers for the ebid sub-commands: argument parsing, exit codes, error printing. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from '@ebid/domain';

export type Out = (s: string) => void;

/** sysexits-style codes: 0 ok, 1 failure (e.g. an invalid signature), 64 usage error, 66 no input. */
export const EXIT = { OK: 0, FAIL: 1, USAGE: 64, NO_INPUT: 66 } as const;

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict `--name value` parsing; unknown options and positionals are usage errors. */
export function parse<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

export function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

/** Runs a command body and turns the errors into an exit code and a message. */
export async function guard(out: Out, usage: string, body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageError) {
      out(`error: ${e.message}\n\n${usage}`);
      return EXIT.USAGE;
    }
    if (e instanceof AppError) {
      const reason = typeof e.details?.reason === 'string' ? `${e.details.reason}: ` : '';
      const detail = typeof e.details?.detail === 'string' ? ` (${e.details.detail})` : '';
      out(`error: ${reason}${e.messageZh} / ${e.messageEn}${detail}\n`);
      return EXIT.FAIL;
    }
    const err = e as NodeJS.ErrnoException;
    if (err?.code === 'ENOENT') {
      out(`error: no such file: ${err.path ?? ''}\n`);
      return EXIT.NO_INPUT;
    }
    if (err?.code === 'EEXIST') {
      out(`error: refusing to overwrite ${err.path ?? ''} (use --force)\n`);
      return EXIT.FAIL;
    }
    throw e;
  }
}
