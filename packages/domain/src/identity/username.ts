/**
 * The one rule for a username (sign-in name), used by the API's input schemas and by the services that
 * create accounts outside the API (`ebid admin create`): 3–32 characters — lower-case letters, digits,
 * `.`, `_`, `-` — starting with a letter; compared lower-cased.
 */
export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{2,31}$/;
