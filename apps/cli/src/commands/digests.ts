/** SHA-256 and SM3 (GB/T 32905) of a whole file in one streaming pass (issue 13 §7, X3). */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export async function digestsOfFile(file: string): Promise<{ sha256: string; sm3: string }> {
  const sha = createHash('sha256');
  const sm3 = createHash('sm3');
  for await (const c of createReadStream(file, { highWaterMark: 1 << 20 })) {
    sha.update(c as Buffer);
    sm3.update(c as Buffer);
  }
  return { sha256: sha.digest('hex'), sm3: sm3.digest('hex') };
}
