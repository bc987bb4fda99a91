/** Signing in and sessions (DESIGN §5, issue 3 §2, issue 13 §1 §3, issue 14 §5). */
export { createLoginChallenge, loginOriginOf, loginWithPassword, type LoginResult } from './login.ts';
export { loginWithCertificate, requireCertificateSession } from './certificate-login.ts';
export { actorFromSessionToken, logout, sessionTopic, type Actor } from './session.ts';
export { revokeMySessions } from './my-sessions.ts';
/** For the tests and benchmarks that create users and tokens directly. */
export { hashPassword, NO_PASSWORD_HASH, sha256Hex } from './passwords.ts';
