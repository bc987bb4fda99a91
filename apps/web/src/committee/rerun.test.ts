/**
 * The committee draw re-run in the browser (issue 21 §3, §8; E2): WebCrypto over the published inputs gives
 * the committee node:crypto computed, and any altered input fails with the part that did not match.
 */
import { describe, expect, it } from 'vitest';
import { drawnCommittee } from '../test/committee-fixture.ts';
import { drawnSeats, rerunCommitteeDraw, type CommitteeVerification, type CommitteeView } from './rerun.ts';

const flip = (h: string) => (h[0] === '0' ? '1' : '0') + h.slice(1);

describe('committee re-run in the browser (E2)', () => {
  it('matches the published selection and the roster', async () => {
    const { verification, committee } = await drawnCommittee();
    const r = await rerunCommitteeDraw(verification, committee);
    expect(r).toMatchObject({ ok: true, drawn: true, parts: { list: true, platform: true, reveals: true, result: true, selection: true, roster: true } });
    expect(r.selection).toEqual(verification.selection);
    expect(drawnSeats(committee)).toEqual(verification.selection);
  });

  it('before the draw: only the list is checked, nothing claims a match', async () => {
    const { verification } = await drawnCommittee();
    const v: CommitteeVerification = { ...verification, status: 'committed', selection: null, draw: { ...verification.draw, platformShareHex: null, resultIndex: null, digestHex: null } };
    expect(await rerunCommitteeDraw(v)).toEqual({ ok: false, drawn: false, parts: { list: true }, selection: null });
  });

  it.each<[string, (v: CommitteeVerification, c: CommitteeView) => [CommitteeVerification, CommitteeView], string[]]>([
    ['a pseudonym swapped in the list', (v, c) => [{ ...v, list: { ...v.list, specialties: [{ ...v.list.specialties[0]!, eligible: ['EXP-00000099', ...v.list.specialties[0]!.eligible.slice(1)] }, v.list.specialties[1]!] } }, c], ['list', 'selection']],
    ['the list order changed', (v, c) => [{ ...v, list: { ...v.list, specialties: [{ ...v.list.specialties[0]!, eligible: [...v.list.specialties[0]!.eligible].reverse() }, v.list.specialties[1]!] } }, c], ['list', 'selection']],
    ['another platform share', (v, c) => [{ ...v, draw: { ...v.draw, platformShareHex: flip(v.draw.platformShareHex!) } }, c], ['platform', 'result']],
    ["a witness's value altered", (v, c) => [{ ...v, draw: { ...v.draw, commitments: [{ ...v.draw.commitments[0]!, valueHex: flip(v.draw.commitments[0]!.valueHex!) }, v.draw.commitments[1]!] } }, c], ['reveals', 'result']],
    ['another digest published', (v, c) => [{ ...v, draw: { ...v.draw, digestHex: flip(v.draw.digestHex!) } }, c], ['result']],
    ['a backup published as a member', (v, c) => [{ ...v, selection: v.selection!.map((s, i) => (i === 0 ? { ...s, members: [s.backups[0]!, ...s.members.slice(1)], backups: [s.members[0]!] } : s)) }, c], ['selection']],
    ['the roster seats someone else', (v, c) => [v, { ...c, seats: c.seats.map((s, i) => (i === 0 ? { ...s, pseudonym: 'EXP-00000099' } : s)) }], ['roster']],
  ])('%s does not match, and says which part', async (_name, alter, failing) => {
    const { verification, committee } = await drawnCommittee();
    const [v, c] = alter(verification, committee);
    const r = await rerunCommitteeDraw(v, c);
    expect(r.ok).toBe(false);
    expect(Object.entries(r.parts).filter(([, ok]) => ok === false).map(([p]) => p).sort()).toEqual(expect.arrayContaining(failing.sort()));
    for (const p of failing) expect(r.parts[p as keyof typeof r.parts], p).toBe(false);
  });
});
