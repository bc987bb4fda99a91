/**
 * The one place that imports node-forge. The repository's lint rule reserves node-forge for
 * packages/pki (DESIGN §2); until eslint.config.js exempts packages/pki/src, this file carries the
 * exemption, and every other module takes forge from here.
 */
// eslint-disable-next-line no-restricted-imports -- packages/pki is node-forge's designated owner (DESIGN §2)
import forge from 'node-forge';

export default forge;
