import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { assertEnoughEligible, eligibleListText, selectCommittee, selectionSeedText, type EligibleList, type HmacSha256 } from './selection.ts';

const hmac: HmacSha256 = (key, msg) => new Uint8Array(crypto.createHmac('sha256', key).update(msg).digest());
/** WebCrypto, as the browser runs it. */
const webHmac: HmacSha256 = async (key, msg) => {
  const k = await globalThis.crypto.subtle.importKey('raw', new Uint8Array(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', k, new Uint8Array(msg)));
};
const sha = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');
const P = (i: number) => `EXP-${i.toString(16).toUpperCase().padStart(8, '0')}`;

const LIST: EligibleList = {
  committeeId: 7,
  specialties: [
    // given out of code order on purpose: the text and the selection sort by code
    { specialty: 'housing', members: 3, backups: 2, eligible: [1, 2, 3, 4, 5, 6, 7, 8].map(P) },
    { specialty: 'cost', members: 2, backups: 1, eligible: [3, 9, 10, 11, 12].map(P) },
  ],
};
const DIGEST = '5a'.repeat(32);

async function run(list: EligibleList, digestHex = DIGEST, h: HmacSha256 = hmac) {
  return selectCommittee({ list, eligibleSha256: sha(eligibleListText(list)), digestHex }, h);
}

function errOf(e: unknown): { code: string; reason: unknown } {
  if (!(e instanceof AppError)) throw e;
  return { code: e.code, reason: e.details?.reason };
}

describe('eligibleListText (the commitment published before any witness entropy, E2)', () => {
  it('is canonical: specialties by code, pseudonyms in published order, no names', () => {
    expect(eligibleListText(LIST)).toBe(
      'ebid-committee-eligible:v1\ncommittee:7\n' +
        'specialty:cost\nmembers:2\nbackups:1\nn:5\nEXP-00000003\nEXP-00000009\nEXP-0000000A\nEXP-0000000B\nEXP-0000000C\n' +
        'specialty:housing\nmembers:3\nbackups:2\nn:8\n' +
        [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `${P(i)}\n`).join(''),
    );
  });

  it.each<[string, EligibleList, string]>([
    ['committee id 0', { ...LIST, committeeId: 0 }, 'COMMITTEE_ID_INVALID'],
    ['no specialty', { ...LIST, specialties: [] }, 'COMMITTEE_SPECIALTIES_EMPTY'],
    ['a specialty twice', { ...LIST, specialties: [LIST.specialties[0]!, LIST.specialties[0]!] }, 'COMMITTEE_SPECIALTY_DUPLICATE'],
    ['an upper-case specialty code', { ...LIST, specialties: [{ ...LIST.specialties[0]!, specialty: 'Housing' }] }, 'COMMITTEE_SPECIALTY_INVALID'],
    ['0 members', { ...LIST, specialties: [{ ...LIST.specialties[0]!, members: 0 }] }, 'COMMITTEE_COUNTS_INVALID'],
    ['-1 backups', { ...LIST, specialties: [{ ...LIST.specialties[0]!, backups: -1 }] }, 'COMMITTEE_COUNTS_INVALID'],
    ['a name instead of a pseudonym (a line break could forge the text)', { ...LIST, specialties: [{ ...LIST.specialties[0]!, eligible: ['EXP-1\nspecialty:x'] }] }, 'COMMITTEE_PSEUDONYM_INVALID'],
    ['a Chinese name', { ...LIST, specialties: [{ ...LIST.specialties[0]!, eligible: ['张三'] }] }, 'COMMITTEE_PSEUDONYM_INVALID'],
    ['a pseudonym twice in one specialty', { ...LIST, specialties: [{ ...LIST.specialties[0]!, eligible: [P(1), P(1)] }] }, 'COMMITTEE_PSEUDONYM_DUPLICATE'],
  ])('refuses %s', (_n, list, reason) => {
    try {
      eligibleListText(list);
      expect.unreachable();
    } catch (e) {
      expect(errOf(e)).toEqual({ code: 'VALIDATION', reason });
    }
  });

  it('the selection seed binds the list hash', () => {
    expect(selectionSeedText('AB'.repeat(32))).toBe(`ebid-committee-selection:v1\neligible:${'ab'.repeat(32)}\n`);
    expect(() => selectionSeedText('ab')).toThrow(AppError);
  });
});

describe('selectCommittee (E2): deterministic, Fisher–Yates over the frozen list', () => {
  it('gives the same committee twice, in the server (node:crypto) and the browser (WebCrypto)', async () => {
    const a = await run(LIST);
    expect(await run(LIST)).toEqual(a);
    expect(await run(LIST, DIGEST, webHmac)).toEqual(a);
    expect(a.map((s) => s.specialty)).toEqual(['cost', 'housing']);
    expect(a[0]!.members).toHaveLength(2);
    expect(a[0]!.backups).toHaveLength(1);
    expect(a[1]!.members).toHaveLength(3);
    expect(a[1]!.backups).toHaveLength(2);
  });

  it('takes an expert eligible in two specialties at most once, and only from its eligible lists', async () => {
    for (let i = 0; i < 40; i++) {
      const digest = sha(`digest ${i}`);
      const r = await run(LIST, digest);
      const all = r.flatMap((s) => [...s.members, ...s.backups]);
      expect(new Set(all).size).toBe(all.length);
      for (const s of r) {
        const el = LIST.specialties.find((x) => x.specialty === s.specialty)!.eligible;
        for (const p of [...s.members, ...s.backups]) expect(el).toContain(p);
      }
    }
  });

  it('every eligible expert can be drawn (the draws spread over the list)', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 60; i++) for (const s of await run(LIST, sha(`spread ${i}`))) if (s.specialty === 'housing') s.members.forEach((p) => seen.add(p));
    expect(seen.size).toBeGreaterThanOrEqual(7); // EXP-3 may be taken by cost first
  });

  const altered: [string, EligibleList | null, string][] = [
    ['one pseudonym changed (not necessarily a drawn one)', { ...LIST, specialties: [LIST.specialties[0]!, { ...LIST.specialties[1]!, eligible: [3, 9, 10, 11, 13].map(P) }] }, DIGEST],
    ['the order of the list', { ...LIST, specialties: [{ ...LIST.specialties[0]!, eligible: [2, 1, 3, 4, 5, 6, 7, 8].map(P) }, LIST.specialties[1]!] }, DIGEST],
    ['one expert fewer', { ...LIST, specialties: [{ ...LIST.specialties[0]!, eligible: [1, 2, 3, 4, 5, 6, 7].map(P) }, LIST.specialties[1]!] }, DIGEST],
    ['one member more', { ...LIST, specialties: [{ ...LIST.specialties[0]!, members: 4, backups: 1 }, LIST.specialties[1]!] }, DIGEST],
    ['another committee id', { ...LIST, committeeId: 8 }, DIGEST],
    ['another digest (a revealed value changed)', null, '5b' + '5a'.repeat(31)],
  ];
  it.each(altered)('an altered input gives a different result: %s', async (_n, list, digest) => {
    const base = await run(LIST);
    expect(await run(list ?? LIST, digest)).not.toEqual(base);
  });

  it('a list whose published hash does not match gives another result than the honest one', async () => {
    const honest = await run(LIST);
    const forged = await selectCommittee({ list: LIST, eligibleSha256: sha('something else'), digestHex: DIGEST }, hmac);
    expect(forged).not.toEqual(honest);
  });

  it('a specialty with exactly members + backups eligible takes all of them', async () => {
    const list: EligibleList = { committeeId: 1, specialties: [{ specialty: 'legal', members: 2, backups: 1, eligible: [1, 2, 3].map(P) }] };
    const [s] = await run(list);
    expect([...s!.members, ...s!.backups].sort()).toEqual([1, 2, 3].map(P));
  });
});

describe('not enough eligible experts → typed error before anything is drawn (E2)', () => {
  it.each<[string, EligibleList, string | null]>([
    ['one short in a specialty', { committeeId: 1, specialties: [{ specialty: 'legal', members: 3, backups: 1, eligible: [1, 2, 3].map(P) }] }, 'legal'],
    ['exactly enough', { committeeId: 1, specialties: [{ specialty: 'legal', members: 3, backups: 1, eligible: [1, 2, 3, 4].map(P) }] }, null],
    [
      'a shared expert could be taken by the earlier specialty',
      {
        committeeId: 1,
        specialties: [
          { specialty: 'cost', members: 1, backups: 0, eligible: [1, 2].map(P) },
          { specialty: 'legal', members: 2, backups: 0, eligible: [1, 3].map(P) },
        ],
      },
      'legal',
    ],
    [
      'a shared expert, one more in the later list',
      {
        committeeId: 1,
        specialties: [
          { specialty: 'cost', members: 1, backups: 0, eligible: [1, 2].map(P) },
          { specialty: 'legal', members: 2, backups: 0, eligible: [1, 3, 4].map(P) },
        ],
      },
      null,
    ],
    ['nobody eligible', { committeeId: 1, specialties: [{ specialty: 'legal', members: 1, backups: 0, eligible: [] }] }, 'legal'],
  ])('%s', async (_n, list, specialty) => {
    const check = () => assertEnoughEligible(list);
    if (specialty === null) {
      expect(check).not.toThrow();
      await expect(run(list)).resolves.toBeDefined();
      return;
    }
    try {
      check();
      expect.unreachable();
    } catch (e) {
      expect(errOf(e)).toEqual({ code: 'VALIDATION', reason: 'COMMITTEE_NOT_ENOUGH_ELIGIBLE' });
      expect((e as AppError).details?.specialty).toBe(specialty);
    }
    await expect(run(list)).rejects.toThrow(AppError);
  });
});
