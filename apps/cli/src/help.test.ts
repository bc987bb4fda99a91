import { describe, expect, it } from 'vitest';
import { run } from './main.ts';

async function runCaptured(argv: string[]): Promise<{ code: number; text: string }> {
  let text = '';
  const code = await run(argv, (s) => (text += s));
  return { code, text };
}

describe('ebid <command> --help (issue 17 §9)', () => {
  it.each([
    ['seal', '--part <part>', 'ebid submit'],
    ['submit', '--server <url>', 'ebid seal'],
    ['admin', 'activation-link', 'ebid pki'],
    ['verify-audit', '--roots', 'ebid admin'],
    ['keygen', '--out <dir>', 'ebid csr'],
    ['replay-evaluation', '--from <objects.json>', 'ebid pki'],
  ])('%s --help prints only that command’s usage and exits 0', async (cmd, has, hasNot) => {
    const { code, text } = await runCaptured([cmd, '--help']);
    expect(code).toBe(0);
    expect(text).toMatch(/^Usage:\n {2}ebid /);
    expect(text).toContain(`ebid ${cmd}`);
    expect(text).toContain(has);
    expect(text).not.toContain(hasNot);
  });

  it('-h works as --help, and an unknown command still gets the whole help with exit 64', async () => {
    expect((await runCaptured(['p12', '-h'])).code).toBe(0);
    const unknown = await runCaptured(['nope', '--help']);
    expect(unknown.code).toBe(64);
    expect(unknown.text).toContain('unknown command: nope');
  });
});
