/**
 * Test-only: a committee draw computed with node:crypto (not the browser's WebCrypto the page uses), so a
 * browser re-run that matches it agrees with an independent implementation of the same published texts.
 */
import crypto from 'node:crypto';
import { commitmentText, eligibleListText, pickIndex, PLATFORM_PARTICIPANT, resultText, selectCommittee, userParticipant } from '@ebid/domain';
import type { CommitteeVerification, CommitteeView } from '../committee/rerun.ts';

const sha = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (k: Uint8Array, m: Uint8Array) => new Uint8Array(crypto.createHmac('sha256', k).update(m).digest());
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export const FIXTURE_IDS = { committeeId: 3, drawId: 7, sectionId: 11, projectId: 21, staffUserId: 2, supervisorUserId: 40 } as const;

/** A drawn committee draw: its published verification and the committee as staff see it. */
export async function drawnCommittee(): Promise<{ verification: CommitteeVerification; committee: CommitteeView }> {
  const { committeeId, drawId } = FIXTURE_IDS;
  const list = {
    committeeId,
    specialties: [
      { specialty: 'housing', members: 3, backups: 1, eligible: ['EXP-00000031', 'EXP-00000032', 'EXP-00000033', 'EXP-00000034', 'EXP-00000035', 'EXP-00000036'] },
      { specialty: 'municipal', members: 2, backups: 1, eligible: ['EXP-00000041', 'EXP-00000042', 'EXP-00000043', 'EXP-00000044'] },
    ],
  };
  const n = list.specialties.reduce((k, s) => k + s.eligible.length, 0);
  const eligibleSha256 = sha(eligibleListText(list));
  const share = 'a1'.repeat(32);
  const witnesses = [
    { id: 1, participant: userParticipant(FIXTURE_IDS.staffUserId), valueHex: 'b2'.repeat(32) },
    { id: 2, participant: userParticipant(FIXTURE_IDS.supervisorUserId), valueHex: 'c3'.repeat(32) },
  ];
  const reveals = witnesses.map((w) => ({ commitmentId: w.id, participant: w.participant, valueHex: w.valueHex }));
  const digest = hmac(Buffer.from(share, 'hex'), new TextEncoder().encode(resultText({ drawId, n, platformShareHex: share, reveals })));
  let block = digest;
  let index = pickIndex(block, n);
  while (index === null) {
    block = hmac(Buffer.from(share, 'hex'), block);
    index = pickIndex(block, n);
  }
  const digestHex = hex(digest);
  const selection = await selectCommittee({ list, eligibleSha256, digestHex }, hmac);
  const at = '2026-12-07T03:20:00.000Z';
  const verification: CommitteeVerification = {
    committeeId,
    status: 'drawn',
    eligibleSha256,
    list,
    draw: {
      drawId,
      n,
      commitCloseAt: '2026-12-07T03:10:00.000Z',
      revealCloseAt: '2026-12-07T03:15:00.000Z',
      platformCommitment: sha(commitmentText(drawId, PLATFORM_PARTICIPANT, share)),
      platformShareHex: share,
      commitments: witnesses.map((w) => ({ id: w.id, participant: w.participant, commitment: sha(commitmentText(drawId, w.participant, w.valueHex)), committedAt: '2026-12-07T03:05:00.000Z', valueHex: w.valueHex, revealedAt: '2026-12-07T03:12:00.000Z' })),
      resultIndex: index,
      digestHex,
      inputsSha256: 'd4'.repeat(32),
    },
    selection,
  };
  let seatId = 100;
  const seats = selection.flatMap((s) => [
    ...s.members.map((p, i) => ({ id: seatId++, specialty: s.specialty, kind: 'member' as const, rank: i, status: 'invited' as const, pseudonym: p, name: `专家${p.slice(-2)}`, invitedAt: at, respondBy: '2026-12-07T04:20:00.000Z', respondedAt: null, note: null })),
    ...s.backups.map((p, j) => ({ id: seatId++, specialty: s.specialty, kind: 'backup' as const, rank: s.members.length + j, status: 'standby' as const, pseudonym: p, name: `专家${p.slice(-2)}`, invitedAt: null, respondBy: null, respondedAt: null, note: null })),
  ]);
  const committee: CommitteeView = {
    id: committeeId,
    projectId: FIXTURE_IDS.projectId,
    sectionId: FIXTURE_IDS.sectionId,
    status: 'drawn',
    size: 5,
    ownerReps: 0,
    complex: false,
    respondMinutes: 60,
    sessionAt: '2026-12-09T01:30:00.000Z',
    sessionPlace: '示范市公共资源交易中心 第3评标室',
    drawId,
    eligibleSha256,
    manual: false,
    manualApprovalNote: null,
    publishedAt: null,
    createdAt: '2026-12-07T03:00:00.000Z',
    specialties: list.specialties.map((s) => ({ specialty: s.specialty, members: s.members, backups: s.backups })),
    seats,
    excluded: [{ specialty: 'municipal', pseudonym: 'EXP-00000045', reasons: ['TIE_TENDEREE'] }],
  };
  return { verification, committee };
}
