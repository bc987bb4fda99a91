/**
 * What the opened demo stories share (the engineering opening, the consultation opened for the group):
 * a seed-time clock, the bidders' certificate-login sessions and each bidder decrypting its own bid as
 * its browser would.
 */
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { certificates, type Tx } from '@ebid/db';
import { unwrapContentKey } from '@ebid/pki';
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { decryptOpeningBid, myOpeningKeys } from '../opening/decrypt.ts';
import { demoKeys } from './demo-bids.ts';
import { contextFor } from './demo-projects.ts';

type DemoKeys = Awaited<ReturnType<typeof demoKeys>>;

/** The seed transaction's deps with the clock stopped at `at`. */
export function atInstant(deps: Deps, sp: Tx, at: number): Deps {
  return { ...deps, db: sp as unknown as Deps['db'], clock: { now: () => new Date(at), fake: deps.clock.fake } };
}

/** When a certificate becomes valid (ms). */
export const notBeforeOf = (pem: string): number => new Date(new crypto.X509Certificate(pem).validFrom).getTime();

/**
 * A demo bidder's keys and the certificate-login session the opening needs (actor.certSerial), as the
 * browser's would be.
 */
export async function certificateSession(sp: Tx, deps: Deps, username: string): Promise<{ keys: DemoKeys; ctx: RequestContext; orgName: string }> {
  const keys = await demoKeys(sp, deps, username);
  const fp = crypto.createHash('sha256').update(new crypto.X509Certificate(keys.sign.certPem).raw).digest('hex');
  const [cert] = await sp.select({ serialHex: certificates.serialHex }).from(certificates).where(eq(certificates.fingerprintSha256, fp));
  const ctx = await contextFor(sp, username);
  if (!ctx.actor || !cert) throw new Error(`seed: no actor or certificate for ${username}`);
  return { keys, ctx: { ...ctx, actor: { ...ctx.actor, certSerial: cert.serialHex } }, orgName: ctx.actor.orgName };
}

/** The bidder fetches its wrapped keys, unwraps them with its encryption key and decrypts its bid; its id. */
export async function decryptOwnBid(when: Deps, ctx: RequestContext, keys: DemoKeys, projectId: number): Promise<number> {
  const mine = await myOpeningKeys(when, ctx, { projectId });
  const contentKeys = mine.parts.map((part) => {
    const raw = unwrapContentKey({ header: part, decryptionKeyPem: keys.enc.keyPem, recipientCertPem: keys.enc.certPem });
    const contentKey = Buffer.from(raw).toString('base64');
    raw.fill(0);
    return { part: part.part, contentKey };
  });
  await decryptOpeningBid(when, ctx, { projectId, bidId: mine.bidId, keys: contentKeys });
  return mine.bidId;
}
