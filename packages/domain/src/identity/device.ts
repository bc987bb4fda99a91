/**
 * A device fingerprint as clients report it (X4; header x-ebid-device): a digest, optionally prefixed by
 * its source — "web:<sha256 hex>" from the browser app, "ebid:<sha256 hex>" from the command-line tool.
 * Recorded with sessions and audit events; self-reported, so never used to grant anything.
 */
export const FINGERPRINT_RE = /^[A-Za-z0-9_:.-]{16,128}$/;
