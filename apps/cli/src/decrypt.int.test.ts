/**
 * The bid opening from the command line through the real server on PostgreSQL + S3 (issue 7):
 * three bidders `ebid seal` → `ebid submit`; the clock reaches the deadline and staff start the opening;
 * each bidder runs `ebid decrypt` (certificate login, content keys unwrapped locally, only the keys sent);
 * the results are published, K is drawn, staff generate the record; a bidder runs `ebid confirm-record`
 * and the record.p7s it wrote verifies with `openssl cms -verify` against the platform root; another
 * bidder objects with `--object`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, runDraw } from '@ebid/services';
import { sha256Hex } from '@ebid/pki';
import { type CliServer, cli, startCliServer } from './cli-test-kit.ts';

const AFTER_DEADLINE = new Date('2026-03-25T01:31:00Z'); // 09:31 +08:00
const PASS = 'cli-opening-pass';
const BIDDERS = [
  { username: 'bidder1', priceFen: 381_000_000 },
  { username: 'bidder2', priceFen: 379_500_000 },
  { username: 'bidder5', priceFen: 388_000_000 },
];

let k: CliServer;
const p = (...n: string[]) => k.p(...n);
const summaryOf = (priceFen: number) => JSON.stringify({ priceFen, durationDays: 300, quality: '合格' });
/** The SHA-256 of the sealed 开标一览表 as `ebid seal` printed it (the padded, salted format of issue 14 §1). */
const sealedSummarySha: Record<string, string> = {};

beforeAll(async () => {
  k = await startCliServer({ tmpPrefix: 'ebid-cli-opening-', projectName: '示范市命令行开标测试工程' });

  // Each bidder: register, certificates through cert.issue (keys stay here, written as .p12), seal, submit.
  process.env.EBID_P12_PASSPHRASE = PASS;
  process.env.EBID_PASSWORD = DEMO_PASSWORD;
  for (const b of BIDDERS) {
    const d = p(b.username);
    fs.mkdirSync(d);
    await k.registerBidder(b.username, { into: d, passphrase: PASS, chain: true });
    fs.writeFileSync(path.join(d, 'summary.json'), summaryOf(b.priceFen));
    fs.writeFileSync(path.join(d, 'technical.pdf'), Buffer.alloc(300_000 + BIDDERS.indexOf(b), b.username.charCodeAt(6)));
    for (const [part, src] of [['summary', 'summary.json'], ['technical', 'technical.pdf']] as const) {
      const r = await cli(['seal', '--part', part, '--project', String(k.projectId), '--section', String(k.sectionId), '--sign', path.join(d, 'sign.p12'), '--recipient', path.join(d, 'enc.p12'), '--in', path.join(d, src), '--out', path.join(d, `${part}.ebid`)]);
      expect(r.code, r.out).toBe(0);
      if (part === 'summary') sealedSummarySha[b.username] = (JSON.parse(r.out) as { plaintextSha256: string }).plaintextSha256;
    }
    const sub = await cli(['submit', '--server', k.base, '--user', b.username, '--section', String(k.sectionId), '--sign', path.join(d, 'sign.p12'), '--part', `summary=${path.join(d, 'summary.ebid')}`, '--part', `technical=${path.join(d, 'technical.ebid')}`]);
    expect(sub.code, sub.out).toBe(0);
  }
}, 180_000);

afterAll(async () => {
  await k?.close();
  delete process.env.EBID_P12_PASSPHRASE;
  delete process.env.EBID_PASSWORD;
});

const decryptArgs = (username: string, key = 'enc.p12') => ['decrypt', '--server', k.base, '--user', username, '--project', String(k.projectId), '--sign', p(username, 'sign.p12'), '--key', p(username, key)];

describe('ebid decrypt → ebid confirm-record through the real server', () => {
  it('before sign-in opens, decrypt prints the server error (code, reason, zh) and exits 1', async () => {
    const r = await cli(decryptArgs('bidder5'));
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('error: INVALID_STATE (SIGN_IN_NOT_OPEN): 签到尚未开始');
  });

  it('after the deadline and staff start: a wrong --key is refused locally; each bidder decrypts with its own key', async () => {
    k.deps.clock.set(AFTER_DEADLINE);
    const started = await (await k.as('staff')).trpc.opening.start.mutate({ projectId: k.projectId });
    expect(started.status).toBe('decrypting');

    // bidder5's signing certificate with bidder1's encryption key: not a recipient, nothing sent.
    fs.copyFileSync(p('bidder1', 'enc.p12'), p('bidder5', 'wrong-enc.p12'));
    const wrong = await cli(decryptArgs('bidder5', 'wrong-enc.p12'));
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('ENVELOPE_NOT_RECIPIENT');
    // the certificate of another user than --user
    const other = await cli(['decrypt', '--server', k.base, '--user', 'bidder1', '--project', String(k.projectId), '--sign', p('bidder5', 'sign.p12'), '--key', p('bidder5', 'enc.p12')]);
    expect(other.code).toBe(1);
    expect(other.out).toContain('USER_MISMATCH');

    for (const b of BIDDERS) {
      const r = await cli(decryptArgs(b.username));
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain('解密成功 / decrypted');
      expect(sealedSummarySha[b.username]).not.toBe(sha256Hex(summaryOf(b.priceFen)));
      expect(r.out).toContain(`summary: ${sealedSummarySha[b.username]}`);
      expect(r.out).toContain(`technical: ${sha256Hex(fs.readFileSync(p(b.username, 'technical.pdf')))}`);
    }
    // all decrypted → published: the window no longer takes keys
    const again = await cli(decryptArgs('bidder5'));
    expect(again.code).toBe(1);
    expect(again.out).toContain('error: INVALID_STATE (DECRYPTION_WINDOW_CLOSED)');

    const view = await (await k.as('staff')).trpc.opening.get.query({ projectId: k.projectId });
    expect(view.status).toBe('published');
    expect(view.bids.map((b) => b.decryptStatus)).toEqual(['decrypted', 'decrypted', 'decrypted']);
    expect(view.bids.map((b) => b.priceFen).sort()).toEqual(BIDDERS.map((b) => b.priceFen).sort());
  });

  it('record: confirm-record writes record.pdf + record.p7s, confirms, and openssl verifies the signature', async () => {
    const staff = (await k.as('staff')).trpc;
    let view = await staff.opening.get.query({ projectId: k.projectId });
    if (view.k?.draw) {
      // The K draw runs by itself at its reveal close (issue 14 §2): the clock passes it, the job runs.
      k.deps.clock.set(new Date(Date.parse(view.k.draw.revealCloseAt) + 1000));
      await runDraw(k.deps, { drawId: view.k.draw.id });
    }
    view = await staff.opening.generateRecord.mutate({ projectId: k.projectId });
    expect(view.record).not.toBeNull();

    const out = p('bidder5', 'record');
    fs.mkdirSync(out);
    const r = await cli(['confirm-record', '--server', k.base, '--user', 'bidder5', '--project', String(k.projectId), '--sign', p('bidder5', 'sign.p12'), '--out-dir', out]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('开标记录已签名确认');
    const pdf = fs.readFileSync(path.join(out, 'record.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(sha256Hex(pdf)).toBe(view.record!.sha256);
    const j = JSON.parse(r.out.slice(r.out.indexOf('{'), r.out.lastIndexOf('}') + 1));
    expect(j).toMatchObject({ recordSha256: view.record!.sha256, version: view.record!.version, confirmStatus: 'confirmed' });

    const printed = r.out.split('\n').find((l) => l.trim().startsWith('openssl cms -verify'))!.trim();
    const args = printed.split(' ').slice(1).map((a) => (a === 'root.pem' ? p('root.pem') : a));
    const v = spawnSync('openssl', args, { encoding: 'utf8' });
    expect(v.status, v.stderr).toBe(0);
    // the exact command of the brief, too
    const brief = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', path.join(out, 'record.p7s'), '-content', path.join(out, 'record.pdf'), '-CAfile', p('root.pem'), '-out', '/dev/null'], { encoding: 'utf8' });
    expect(brief.status, brief.stderr).toBe(0);

    const after = await staff.opening.get.query({ projectId: k.projectId });
    const mine = after.bids.find((b) => b.bidderName !== null && b.confirmStatus === 'confirmed');
    expect(mine?.confirmCmsBase64).toBe(fs.readFileSync(path.join(out, 'record.p7s')).toString('base64'));
  });

  it('--object raises an objection that staff see', async () => {
    const r = await cli(['confirm-record', '--server', k.base, '--user', 'bidder2', '--project', String(k.projectId), '--sign', p('bidder2', 'sign.p12'), '--object', '唱标价格与开标一览表不一致']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('异议已提交');
    const view = await (await k.as('staff')).trpc.opening.get.query({ projectId: k.projectId });
    expect(view.objections.map((o) => o.text)).toContain('唱标价格与开标一览表不一致');
  });
});
