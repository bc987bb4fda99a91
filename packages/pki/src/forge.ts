/**
 * The one place that imports node-forge. The repository's lint rule reserves node-forge for
 * packages/pki (DESIGN §2); until eslint.config.js exempts packages/pki/src, this file carries the
 * exemption, and every other module takes forge from here.
 */
import forge from 'node-forge';

export default forge;
