/**
 * The setup the evaluation's Chromium tests share (issue 22): a server of the test's own started first (it
 * migrates the empty database and makes its PKI in DATA_DIR/pki, no demo data), then this process on the
 * same database, bucket and PKI — the demo identities without certificates (the evaluation kit issues them),
 * the server's fake clock set to the kit's instant by the caller — and the room's wait helper.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureDevPki, toP12 } from '@ebid/pki';
import { seedDemo } from '@ebid/services';
import { openDatabase, type Database } from '@ebid/db';
import { bidderKeys, createEmptyDatabase, createTestDeps, createTestS3Store, startServerProcess, TEST_START, testEnv, type ServerProcess, type TestDeps } from '@ebid/testing';
import { PASSWORD } from './harness.ts';

export interface EvaluationE2e {
  server: ServerProcess;
  base: string;
  deps: TestDeps;
  /** a temporary directory of the test's own (the .p12 files) */
  work: string;
  close(): Promise<void>;
}

export async function startEvaluationE2e(prefix: string): Promise<EvaluationE2e> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dataDir = path.join(work, 'data');
  const db = await createEmptyDatabase();
  const storage = await createTestS3Store();
  const env = testEnv();
  const server = await startServerProcess({
    env: {
      DATABASE_URL: db.url,
      S3_ENDPOINT: env.s3.endPoint,
      S3_ACCESS_KEY: env.s3.accessKey,
      S3_SECRET_KEY: env.s3.secretKey,
      S3_BUCKET: storage.bucket,
      DATA_DIR: dataDir,
      // No demo data: the demo users are seeded below without certificates (the kit issues them).
      SEED_DEMO: '0',
      EBID_FAKE_CLOCK: '1',
      EBID_FAKE_CLOCK_START: TEST_START.toISOString(),
      HOST: '127.0.0.1',
    },
    timeoutMs: 180_000,
  });
  const platform = await ensureDevPki(path.join(dataDir, 'pki'));
  const database: Database = await openDatabase({ driver: 'postgres', url: db.url, max: 5 });
  const deps = await createTestDeps(database, { pki: { platform, trustedRootsPem: platform.chainPem }, storage, clockStart: TEST_START });
  await seedDemo(deps, { certificates: false, projects: false });
  return {
    server,
    base: server.url.replace(/\/+$/, ''),
    deps,
    work,
    async close() {
      await server.stop('SIGTERM');
      await deps.close();
      await database.close();
      await db.drop();
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}

/** The member's keys as the .p12 backups it would have kept: [signing, encryption] file paths. */
export async function memberP12s(e: EvaluationE2e, username: string): Promise<[string, string]> {
  const keys = await bidderKeys(e.deps, username);
  const sign = path.join(e.work, `${username}-sign.p12`);
  const enc = path.join(e.work, `${username}-enc.p12`);
  fs.writeFileSync(sign, toP12({ privateKeyPem: keys.sign.keyPem, certPem: keys.sign.certPem, passphrase: PASSWORD }));
  fs.writeFileSync(enc, toP12({ privateKeyPem: keys.enc.keyPem, certPem: keys.enc.certPem, passphrase: PASSWORD }));
  return [sign, enc];
}

/** In the room: import the member's .p12 backups and log in with the certificate. */
export async function certificateLoginInRoom(page: Page, e: EvaluationE2e, username: string): Promise<void> {
  const [sign, enc] = await memberP12s(e, username);
  await page.getByTestId('evaluation-keys').waitFor();
  await page.getByLabel('签名证书备份（.p12）').setInputFiles(sign);
  await page.getByLabel('签名证书口令').fill(PASSWORD);
  await page.getByLabel('加密证书备份（.p12）').setInputFiles(enc);
  await page.getByLabel('加密证书口令').fill(PASSWORD);
  await page.getByRole('button', { name: '导入证书备份' }).click();
  await until(page, async () => page.getByTestId('evaluation-cert-login').isEnabled());
  await page.getByTestId('evaluation-cert-login').click();
  await until(page, async () => (await page.getByTestId('evaluation-cert-login').count()) === 0);
}

/** Wait until `check` holds, failing at once with the text of an error alert. */
export async function until(page: Page, check: () => Promise<boolean>, timeout = 30_000): Promise<void> {
  await expect
    .poll(
      async () => {
        const err = page.getByTestId('app-error');
        if (await err.count()) return `ERROR: ${(await err.first().textContent()) ?? ''}`;
        return (await check()) ? 'ok' : 'waiting';
      },
      { timeout },
    )
    .toBe('ok');
}
