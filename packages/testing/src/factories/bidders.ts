/**
 * Bidders as they take part: a registration (报名) through `registration.register`, the security recorded
 * by staff (`deposit.record`, a bank guarantee of the required amount), and the company's certificates
 * issued through `cert.issue` (the keys stay in the test, as they stay on a bidder's computer).
 */
import { eq } from 'drizzle-orm';
import { organizations, users } from '@ebid/db';
import { createCsrPem, generateKeyPairPem } from '@ebid/pki';
import { callerAs, certCallerAs, type Caller, type TestDeps } from './callers.ts';

export type Registration = Awaited<ReturnType<Caller['registration']['register']>>;

export interface KeyPairWithCert {
  keyPem: string;
  certPem: string;
  id: number;
}
/** A user's signing and encryption keys with their issued certificates. */
export interface BidderKeys {
  username: string;
  sign: KeyPairWithCert;
  enc: KeyPairWithCert;
}

/** The demo user's organization: id and name (the payer name a security is recorded under). */
export async function orgOf(deps: TestDeps, username: string): Promise<{ userId: number; orgId: number; orgName: string; displayName: string; creditCode: string }> {
  const [row] = await deps.db
    .select({ userId: users.id, orgId: users.orgId, displayName: users.displayName, orgName: organizations.name, creditCode: organizations.creditCode })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.username, username));
  if (!row) throw new Error(`no demo user ${username}`);
  return row;
}

export interface RegisteredBidderOptions {
  /** The demo bidder user (default `bidder1`). */
  username?: string;
  /** Whether staff record the section's security as received (default true when the section requires one). */
  security?: boolean;
  /** When the security arrived (default the clock's now). */
  securityReceivedAt?: Date;
}

/**
 * A bidder registered for the section, its security (if the section requires one) recorded as a bank
 * guarantee of the required amount. Returns the registration as the bidder then reads it.
 */
export async function registeredBidder(deps: TestDeps, sectionId: number, opts: RegisteredBidderOptions = {}): Promise<Registration & { username: string }> {
  const username = opts.username ?? 'bidder1';
  const b = await callerAs(deps, username);
  const r = await b.registration.register({ sectionId });
  if (r.deposit && opts.security !== false) {
    const org = await orgOf(deps, username);
    await (await callerAs(deps, 'staff')).deposit.record({
      depositId: r.deposit.id,
      amountFen: r.deposit.requiredFen,
      form: 'guarantee',
      payerName: org.orgName,
      reference: `BH-${r.id}-${username}`,
      guaranteeIssuer: '示范银行示范市分行',
      guaranteeVerification: '银行函证',
      receivedAt: (opts.securityReceivedAt ?? deps.clock.now()).toISOString(),
    });
  }
  const mine = (await b.registration.mine()).find((m) => m.id === r.id);
  return { ...r, ...(mine ? { status: mine.status, deposit: mine.deposit } : {}), username };
}

/** Keys issued per deps and user: a second issue is a renewal and needs a certificate session (issue 13 §4). */
const issued = new WeakMap<TestDeps, Map<string, BidderKeys>>();

/**
 * The user's certificates, issued through `cert.issue` the first time (by password) and kept for the deps.
 * They are valid from the fake clock's now at issue: a test that later sets the clock back before that
 * instant should bid as another user.
 */
export async function bidderKeys(deps: TestDeps, username: string): Promise<BidderKeys> {
  const known = issued.get(deps) ?? new Map<string, BidderKeys>();
  issued.set(deps, known);
  const have = known.get(username);
  if (have) return have;
  const org = await orgOf(deps, username);
  const subject = { commonName: org.displayName, organizationName: org.orgName, serialNumber: org.creditCode, countryName: 'CN' };
  const s = generateKeyPairPem();
  const e = generateKeyPairPem();
  const out = await (await callerAs(deps, username)).cert.issue({ signingCsrPem: createCsrPem(s, subject), encryptionCsrPem: createCsrPem(e, subject) });
  const keys: BidderKeys = {
    username,
    sign: { keyPem: s.privateKeyPem, certPem: out.signing.pem, id: out.signing.id },
    enc: { keyPem: e.privateKeyPem, certPem: out.encryption.pem, id: out.encryption.id },
  };
  known.set(username, keys);
  return keys;
}

/** A caller signed in with the bidder's signing certificate (what sign-in and decryption at the opening need). */
export async function bidderCertCaller(deps: TestDeps, username: string): Promise<Caller> {
  return certCallerAs(deps, (await bidderKeys(deps, username)).sign);
}
