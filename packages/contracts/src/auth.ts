/** Sign-in (issue 3 §2, issue 13 §1 §3, issue 14 §5): password and certificate login, sessions. */
import { z } from 'zod';
import { ZActor } from './common.ts';

export type ActorView = z.infer<typeof ZActor>;

export const ZSession = z.object({ actor: ZActor, expiresAt: z.string() });
export type SessionView = z.infer<typeof ZSession>;

/** Who is signed in, if anybody. */
export const ZMe = z.object({ actor: ZActor.nullable() });

export const ZPasswordLoginInput = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) });
export type PasswordLoginInput = z.infer<typeof ZPasswordLoginInput>;

/** A single-use challenge `ebid-login:v1:<origin>:<nonce>` to sign with the user's signing key. */
export const ZLoginChallenge = z.object({ challenge: z.string(), expiresAt: z.string() });

/** Certificate login: a detached CMS signature (DER, base64) over the challenge's UTF-8 bytes. */
export const ZCertificateLoginInput = z.object({
  // The form and the origin are checked by the service (typed SIGNING_DOMAIN_MISMATCH / LOGIN_ORIGIN_MISMATCH).
  challenge: z.string().max(512),
  signature: z.base64().max(64_000),
});
export type CertificateLoginInput = z.infer<typeof ZCertificateLoginInput>;

export const ZSessionsRevoked = z.object({ revoked: z.number().int() });
