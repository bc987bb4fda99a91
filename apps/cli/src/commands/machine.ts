/**
 * What this machine says about itself (never verified: marked self-reported on the server), and the
 * device fingerprint `ebid` sends with every request (header x-ebid-device; issue 13 §7, X4): a SHA-256
 * over the stable parts of that record, so the audit trail can tell one machine from another.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';

export function selfReported(): Record<string, string> {
  const macs = new Set<string>();
  for (const list of Object.values(os.networkInterfaces())) {
    for (const i of list ?? []) if (!i.internal && i.mac && i.mac !== '00:00:00:00:00:00') macs.add(i.mac);
  }
  const cpus = os.cpus();
  let user = '';
  try {
    user = os.userInfo().username;
  } catch {
    user = '';
  }
  const info: Record<string, string> = {
    hostname: os.hostname(),
    platform: os.platform(),
    release: os.release(),
    arch: os.arch(),
    cpus: String(cpus.length),
    cpuModel: cpus[0]?.model ?? '',
    totalMem: String(os.totalmem()),
    macs: [...macs].sort().join(','),
    username: user,
    node: process.version,
  };
  for (const k of Object.keys(info)) info[k] = info[k]!.slice(0, 1000);
  return info;
}

/** "ebid:" + SHA-256 of hostname, MAC addresses, CPU model and count, platform and architecture. */
export function machineFingerprint(): string {
  const r = selfReported();
  const stable = [r.hostname, r.macs, r.cpuModel, r.cpus, r.platform, r.arch].join('\n');
  return `ebid:${createHash('sha256').update(stable, 'utf8').digest('hex')}`;
}
