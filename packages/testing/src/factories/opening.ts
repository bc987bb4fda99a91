/**
 * A project through its bid opening (issue 7, 不见面开标): published, bidding opened by its timer job,
 * bidders registered with their securities recorded and sealed bids finalized, the opening started by
 * staff at the deadline, and (unless told otherwise) every bid decrypted by its bidder with content keys
 * unwrapped on the bidder's side.
 */
import { runJobNow, type JobKind, type JobPayloadArg } from '@ebid/services';
import { unwrapContentKey } from '@ebid/pki';
import { bidderCertCaller, bidderKeys, registeredBidder } from './bidders.ts';
import { sealedBid, type FinalizedBid } from './bids.ts';
import { callerAs, type Caller, type TestDeps } from './callers.ts';
import { publishedProject, type PublishOptions, type TestProject } from './projects.ts';
import { TEST_DEADLINE, TEST_IN_BIDDING } from './schedule.ts';

/** Run one job handler now, as a worker would (e.g. `project.timer` with `{ projectId, event: 'open_bidding' }`). */
export function runTestJob<K extends JobKind>(deps: TestDeps, kind: K, ...payload: JobPayloadArg<K>): Promise<unknown> {
  return runJobNow(deps, kind, ...payload);
}

/** A published project (tender schedule) whose bidding period is open: the clock inside it, status BIDDING. */
export async function biddingProject(deps: TestDeps, opts: PublishOptions = {}): Promise<TestProject> {
  const p = await publishedProject(deps, opts);
  deps.clock.set(TEST_IN_BIDDING);
  await runTestJob(deps, 'project.timer', { projectId: p.id, event: 'open_bidding' });
  return (await callerAs(deps, opts.owner ?? 'tenderee')).project.get({ projectId: p.id });
}

/** Each bidder decrypts its own bid: certificate sign-in, keys unwrapped locally, `opening.decrypt`. */
export async function decryptBid(deps: TestDeps, projectId: number, bid: { username: string; bidId: number }): Promise<Awaited<ReturnType<Caller['opening']['decrypt']>>> {
  const keys = await bidderKeys(deps, bid.username);
  const caller = await bidderCertCaller(deps, bid.username);
  await caller.opening.signIn({ projectId });
  const mine = await caller.opening.myKeys({ projectId, bidId: bid.bidId });
  const contentKeys = mine.parts.map((p) => ({
    part: p.part,
    contentKey: Buffer.from(unwrapContentKey({ header: { recipients: p.recipients }, decryptionKeyPem: keys.enc.keyPem, recipientCertPem: keys.enc.certPem })).toString('base64'),
  }));
  return caller.opening.decrypt({ projectId, bidId: mine.bidId, keys: contentKeys });
}

export interface OpenedProjectOptions extends PublishOptions {
  /** The bidders and their prices in the first section (default bidder1..3 at 750, 760, 770 million fen). */
  bids?: { username: string; priceFen: number }[];
  /** Whether the bidders decrypt their bids (default true); false leaves the opening in `decrypting` with nothing decrypted. */
  decrypt?: boolean;
}

/**
 * A project opened at its deadline: the answer of `opening.start`, the bids and the opening as staff
 * read it after the decryptions. The clock stands at the deadline (plus what the steps took).
 */
export async function openedProject(
  deps: TestDeps,
  opts: OpenedProjectOptions = {},
): Promise<{ project: TestProject; sectionId: number; bids: (FinalizedBid & { username: string })[]; started: Awaited<ReturnType<Caller['opening']['start']>>; opening: Awaited<ReturnType<Caller['opening']['get']>> }> {
  const { bids: wanted, decrypt, ...publish } = opts;
  const project = await biddingProject(deps, publish);
  const sectionId = project.sections[0]!.id;
  const bids: (FinalizedBid & { username: string })[] = [];
  for (const b of wanted ?? [
    { username: 'bidder1', priceFen: 750_000_000 },
    { username: 'bidder2', priceFen: 760_000_000 },
    { username: 'bidder3', priceFen: 770_000_000 },
  ]) {
    await registeredBidder(deps, sectionId, { username: b.username });
    bids.push(await sealedBid(deps, { projectId: project.id, sectionId }, { username: b.username, priceFen: b.priceFen }));
  }
  deps.clock.set(TEST_DEADLINE);
  const started = await (await callerAs(deps, 'staff')).opening.start({ projectId: project.id });
  if (decrypt !== false && started.status === 'decrypting') {
    for (const b of bids) await decryptBid(deps, project.id, { username: b.username, bidId: b.bid.id });
  }
  const opening = await (await callerAs(deps, 'staff')).opening.get({ projectId: project.id });
  return { project, sectionId, bids, started, opening };
}
