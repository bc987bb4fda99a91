/**
 * `ebid seal` → `ebid submit` → `ebid verify-receipt` through the real server on PostgreSQL + S3
 * (issue 6 §2–§4): a multi-piece part, an interrupted upload resumed by re-running submit, the
 * self-reported machine data (marked as such), and the platform receipt verified offline.
 */
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { bids } from '@ebid/db';
import { DEMO_PASSWORD } from '@ebid/services';
import { TRANSPORT_CHUNK_SIZE } from '@ebid/pki';
import { type CliServer, cli, startCliServer } from './cli-test-kit.ts';

const PASS = 'cli-p12-pass';

let k: CliServer;
const p = (...n: string[]) => k.p(...n);

beforeAll(async () => {
  k = await startCliServer({ tmpPrefix: 'ebid-cli-submit-', projectName: '示范市命令行投标测试工程' });
  await k.registerBidder('bidder5', { into: k.dir, passphrase: PASS });
}, 120_000);

afterAll(async () => {
  await k?.close();
  delete process.env.EBID_P12_PASSPHRASE;
  delete process.env.EBID_PASSWORD;
});

describe('ebid seal → submit (resumed) → verify-receipt', () => {
  it('uploads in 4 MiB pieces, resumes, finalizes, and the receipt verifies offline', async () => {
    process.env.EBID_P12_PASSPHRASE = PASS;
    fs.writeFileSync(p('summary.json'), JSON.stringify({ priceFen: 388_000_000, durationDays: 300, quality: '合格' }));
    const big = Buffer.alloc(9 * 1048576 + 123);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32BE(i, i);
    fs.writeFileSync(p('technical.pdf'), big);
    for (const part of ['summary', 'technical']) {
      const src = part === 'summary' ? 'summary.json' : 'technical.pdf';
      const r = await cli(['seal', '--part', part, '--project', String(k.projectId), '--section', String(k.sectionId), '--sign', p('sign.p12'), '--recipient', p('enc.p12'), '--in', p(src), '--out', p(`${part}.ebid`)]);
      expect(r.code, r.out).toBe(0);
    }
    const sealedTech = fs.readFileSync(p('technical.ebid'));
    expect(sealedTech.length).toBeGreaterThan(2 * TRANSPORT_CHUNK_SIZE);

    // An interrupted earlier attempt: piece 0 of the technical part is already on the server.
    const techInfo = JSON.parse((await cli(['seal', '--part', 'technical', '--project', String(k.projectId), '--section', String(k.sectionId), '--sign', p('sign.p12'), '--recipient', p('enc.p12'), '--in', p('technical.pdf'), '--out', p('technical.ebid'), '--force'])).out);
    const sealedNow = fs.readFileSync(p('technical.ebid'));
    const b = await k.as('bidder5');
    const started = await b.trpc.bid.startUpload.mutate({ sectionId: k.sectionId, part: 'technical', size: techInfo.size, partHash: techInfo.partHash });
    const put = await fetch(`${k.base}/bids/uploads/${started.uploadId}/pieces/0`, {
      method: 'PUT',
      headers: { cookie: b.cookie(), 'content-type': 'application/octet-stream' },
      body: sealedNow.subarray(0, TRANSPORT_CHUNK_SIZE),
    });
    expect(put.status).toBe(200);

    process.env.EBID_PASSWORD = DEMO_PASSWORD;
    const sub = await cli(['submit', '--server', k.base, '--user', 'bidder5', '--section', String(k.sectionId), '--sign', p('sign.p12'), '--part', `summary=${p('summary.ebid')}`, '--part', `technical=${p('technical.ebid')}`]);
    expect(sub.code, sub.out).toBe(0);
    expect(sub.out).toContain(`technical: upload ${started.uploadId}, 3 piece(s), 1 already on the server`);
    expect(sub.out).toContain('投标文件已提交');
    const result = JSON.parse(sub.out.slice(sub.out.indexOf('{'), sub.out.lastIndexOf('}') + 1));
    expect(result.parts.map((x: { part: string }) => x.part)).toEqual(['summary', 'technical']);

    const [row] = await k.deps.db.select().from(bids).where(eq(bids.id, result.bidId));
    expect(row!.selfReported).toMatchObject({ tool: 'ebid', selfReported: true, data: { hostname: os.hostname(), platform: os.platform() } });

    const v = await cli(['verify-receipt', '--receipt', p('receipt.json'), '--cms', p('receipt.p7s'), '--root', p('root.pem'), '--file', `summary=${p('summary.ebid')}`, '--file', `technical=${p('technical.ebid')}`]);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toContain(`bid ${result.bidId} version 1`);
    expect(v.out).not.toContain('DOES NOT match');

    // The rehearsal of the file as the server returns it (the company's own bid only).
    const sealedBack = await fetch(`${k.base}/bids/${result.bidId}/parts/technical/sealed`, { headers: { cookie: b.cookie() } });
    expect(sealedBack.status).toBe(200);
    fs.writeFileSync(p('back.ebid'), Buffer.from(await sealedBack.arrayBuffer()));
    const reh = await cli(['rehearse', '--in', p('back.ebid'), '--key', p('enc.p12'), '--out', p('back.pdf')]);
    expect(reh.code, reh.out).toBe(0);
    expect(fs.readFileSync(p('back.pdf')).equals(big)).toBe(true);
  });

  it('an unsealed file is refused locally with the prompt; a wrong password is the server error', async () => {
    process.env.EBID_P12_PASSPHRASE = PASS;
    process.env.EBID_PASSWORD = 'wrong password';
    const bad = await cli(['submit', '--server', k.base, '--user', 'bidder5', '--section', String(k.sectionId), '--sign', p('sign.p12'), '--part', `summary=${p('summary.ebid')}`]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^error: [A-Z_]+: /);
    process.env.EBID_PASSWORD = DEMO_PASSWORD;
    const plain = await cli(['submit', '--server', k.base, '--user', 'bidder5', '--section', String(k.sectionId), '--sign', p('sign.p12'), '--part', `summary=${p('summary.json')}`]);
    expect(plain.code).toBe(1);
    expect(plain.out).toContain('文件未加密，请先使用投标文件加密工具加密');
  });
});

describe('ebid seal --server: the section’s public ceiling before sealing (issue 16 §2)', () => {
  it('reads the 最高投标限价 from the server: above it refused (nothing written), at it sealed, --above-ceiling seals with the warning; a summary without the 工期 the project asks is refused (issue 18 §2)', async () => {
    process.env.EBID_P12_PASSPHRASE = PASS;
    process.env.EBID_PASSWORD = DEMO_PASSWORD;
    const sealAt = (priceFen: number, name: string, extra: string[] = []) => {
      fs.writeFileSync(p(`${name}.json`), JSON.stringify({ priceFen, durationDays: 300, quality: '合格' }));
      return cli(['seal', '--part', 'summary', '--project', String(k.projectId), '--section', String(k.sectionId), '--sign', p('sign.p12'), '--recipient', p('enc.p12'), '--in', p(`${name}.json`), '--out', p(`${name}.ebid`), '--server', k.base, '--user', 'bidder5', ...extra]);
    };
    const above = await sealAt(400_000_001, 'ceil-above');
    expect(above.code, above.out).toBe(1);
    expect(above.out).toContain('ABOVE_CEILING: 报价 4,000,000.01 元高于最高投标限价 4,000,000.00 元');
    expect(fs.existsSync(p('ceil-above.ebid'))).toBe(false);
    const at = await sealAt(400_000_000, 'ceil-at');
    expect(at.code, at.out).toBe(0);
    expect(JSON.parse(at.out)).not.toHaveProperty('aboveCeiling');
    const forced = await sealAt(400_000_001, 'ceil-forced', ['--above-ceiling']);
    expect(forced.code, forced.out).toBe(0);
    expect(JSON.parse(forced.out)).toMatchObject({ aboveCeiling: true });
    // Issue 18 §2: the summary asks what the project has — a 工期 for this engineering project: without it, refused, nothing written.
    fs.writeFileSync(p('no-period.json'), JSON.stringify({ priceFen: 300_000_000, quality: '合格' }));
    const noPeriod = await cli(['seal', '--part', 'summary', '--project', String(k.projectId), '--section', String(k.sectionId), '--sign', p('sign.p12'), '--recipient', p('enc.p12'), '--in', p('no-period.json'), '--out', p('no-period.ebid'), '--server', k.base, '--user', 'bidder5']);
    expect(noPeriod.code, noPeriod.out).toBe(1);
    expect(noPeriod.out).toContain('请填写工期（日历天）');
    expect(fs.existsSync(p('no-period.ebid'))).toBe(false);
    // A wrong password: the server's answer, nothing sealed.
    process.env.EBID_PASSWORD = 'wrong-password';
    const denied = await sealAt(1, 'ceil-denied');
    expect(denied.code).toBe(1);
    expect(fs.existsSync(p('ceil-denied.ebid'))).toBe(false);
  });
});
