/**
 * `ebid seal --part <part> --project <id> --section <id> --sign <sign.p12> --recipient <enc.pem|enc.p12>
 *  --in <file> --out <file.ebid>`: seals one bid part (ENVELOPE.md, format v2) with node:crypto,
 * streaming, and prints headerSha256, partHash and size as JSON. The .p12 passphrase comes from
 * EBID_P12_PASSPHRASE.
 *
 * The 开标一览表 (`--part summary`) is not sealed as typed: the input JSON ({"priceFen","durationDays",
 * "quality"}, or a summary this tool or the web wrote) is checked and written in the one sealed summary
 * format (packages/domain bid-summary.ts, issue 14 §1): a fixed 4096 bytes with a random salt, so the
 * sealed size does not tell the price's digit count and no hash of it can be guessed offline.
 *
 * The price ceiling (issue 16 §2): before a summary is sealed its price is compared with the section's
 * public ceiling — given with --ceiling-fen, or read from the server (--server/--user, EBID_PASSWORD:
 * project.get; only the ceiling comes back, the price is never sent). A price above it is refused unless
 * --above-ceiling says the bidder means it; the output then carries the warning. Rate bids are exempt.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { AppError, BID_SUMMARY_SIZE, aboveCeiling, bidSummaryFieldsOf, checkSummaryFields, encodeBidSummary, formatYuan, isAppError, parseBidSummary, priceCeiling, type BidSummaryAsks, type PriceKind, type ProjectSubject, type TradeType } from '@ebid/domain';
import { BID_PARTS, isBidPart, sealPart } from '@ebid/pki';
import { EXIT, type Out, UsageError, parse, required } from './args.ts';
import { certFromFile, envelopeGuard, loadP12, positiveInt, writeAtomically } from './envelope-common.ts';
import { envPassword, passwordLogin, serverGuard, ServerApi } from './server-api.ts';

export const SEAL_USAGE = `Usage: ebid seal --part summary|commercial|technical|qualification --project <id> --section <id>
                 --sign <sign.p12> --recipient <encryption cert .pem or the enc .p12>
                 --in <file> --out <file.ebid> [--name <file name in the manifest>] [--chunk-size <bytes>] [--force]
                 [--ceiling-fen <fen> | --server <url> --user <username>] [--above-ceiling]
  Seals locally (nothing is sent). Prints {headerSha256, partHash, size, …} as JSON.
  --part summary: the input is the 开标一览表 JSON {"priceFen": <fen>, "durationDays": <days>, "quality": "…"};
  it is sealed in the fixed-size, salted summary format (${BID_SUMMARY_SIZE} bytes).
  Price ceiling (最高投标限价 / 最高限价 / 采购预算, public): with --ceiling-fen, or read from the server
  with --server and --user (password from $EBID_PASSWORD; the price is not sent), a price above it is
  refused (ABOVE_CEILING): such a bid is flagged at the opening and the committee may reject it (否决).
  --above-ceiling seals it anyway; the output then carries the warning. Rate bids (费率) are exempt.
  With --server the summary is also checked against what the project asks besides the price (issue 18):
  the period (工期 / 服务期 / 交货期 …) and the quality where asked, none where not (land, property).
  The .p12 passphrase is read from $EBID_P12_PASSPHRASE.
`;

/** The input summary JSON → the sealed summary bytes (format 2) and its price; a usage error explains what is wrong. */
async function summaryBytes(file: string, ids: { projectId: number; sectionId: number }): Promise<{ bytes: Uint8Array; priceFen: number; durationDays: number | null; quality: string | null }> {
  if ((await stat(file)).size > 64 * 1024) throw new UsageError(`${file}: a 开标一览表 JSON is small (at most 64 KiB)`);
  try {
    const s = parseBidSummary(new Uint8Array(await readFile(file)), { expect: ids, allowLegacy: true });
    return { bytes: encodeBidSummary({ ...ids, priceFen: s.priceFen, durationDays: s.durationDays, quality: s.quality }), priceFen: s.priceFen, durationDays: s.durationDays, quality: s.quality };
  } catch (e) {
    if (isAppError(e)) throw new UsageError(`${file}: ${e.messageZh} / ${e.messageEn}`);
    throw e;
  }
}

type Ceiling = { fen: number; label: { zh: string; en: string } };

interface ProjectCeilingView {
  tradeType: TradeType;
  subject: ProjectSubject | null;
  priceKind: PriceKind;
  budgetFen: number | null;
  sections: { id: number; ceilingFen: number | null }[];
}

/**
 * The section's public ceiling from the server (project.get after a password login), or null when it has
 * none; and what the project's summary asks besides the price (issue 18 §2: no 工期 on a goods or land bid).
 */
async function serverCeiling(server: string, username: string, ids: { projectId: number; sectionId: number }): Promise<{ ceiling: Ceiling | null; asks: BidSummaryAsks }> {
  const api = new ServerApi(server);
  await passwordLogin(api, username, envPassword());
  const p = await api.query<ProjectCeilingView>('project.get', { projectId: ids.projectId });
  const s = p.sections.find((x) => x.id === ids.sectionId);
  if (!s) throw new UsageError(`project ${ids.projectId} has no section ${ids.sectionId}`);
  return { ceiling: priceCeiling({ tradeType: p.tradeType, priceKind: p.priceKind, sectionCeilingFen: s.ceilingFen, budgetFen: p.budgetFen }), asks: bidSummaryFieldsOf(p) };
}


/** A price above the ceiling: refused (ABOVE_CEILING) unless the bidder said --above-ceiling; then the warning text. */
function checkCeiling(priceFen: number, ceiling: Ceiling | null, allowed: boolean): string | null {
  if (!ceiling || !aboveCeiling(priceFen, ceiling.fen)) return null;
  const zh = `报价 ${formatYuan(priceFen)} 元高于${ceiling.label.zh} ${formatYuan(ceiling.fen)} 元：开标时该投标将被标注，评标委员会可依法否决`;
  const en = `the price ${formatYuan(priceFen)} yuan is above the ${ceiling.label.en} ${formatYuan(ceiling.fen)} yuan: the bid will be flagged at the opening and the committee may reject it`;
  if (!allowed) {
    throw new AppError('VALIDATION', { zh: `${zh}。如确需提交，请加 --above-ceiling`, en: `${en}. To seal it anyway pass --above-ceiling` }, { field: 'priceFen', reason: 'ABOVE_CEILING', ceilingFen: ceiling.fen });
  }
  return `${zh} / ${en}`;
}

export async function seal(argv: string[], out: Out): Promise<number> {
  return envelopeGuard(out, SEAL_USAGE, async () => {
    const v = parse(argv, {
      part: { type: 'string' },
      project: { type: 'string' },
      section: { type: 'string' },
      sign: { type: 'string' },
      recipient: { type: 'string', multiple: true },
      in: { type: 'string' },
      out: { type: 'string' },
      name: { type: 'string' },
      'chunk-size': { type: 'string' },
      force: { type: 'boolean' },
      'ceiling-fen': { type: 'string' },
      server: { type: 'string' },
      user: { type: 'string' },
      'above-ceiling': { type: 'boolean' },
    });
    const part = required(v, 'part');
    if (!isBidPart(part)) throw new UsageError(`--part must be one of ${BID_PARTS.join(', ')}`);
    const projectId = positiveInt(required(v, 'project'), 'project');
    const sectionId = positiveInt(required(v, 'section'), 'section');
    const inFile = required(v, 'in');
    const outFile = required(v, 'out');
    const recipients = v.recipient ?? [];
    if (recipients.length === 0) throw new UsageError('--recipient is required');
    if (!v.force) {
      const exists = await access(outFile).then(
        () => true,
        () => false,
      );
      if (exists) throw new UsageError(`refusing to overwrite ${outFile} (use --force)`);
    }
    await access(inFile);
    const signer = await loadP12(required(v, 'sign'));
    const recipientCertPems = await Promise.all(recipients.map(certFromFile));
    const chunkSize = v['chunk-size'] !== undefined ? positiveInt(v['chunk-size'], 'chunk-size') : undefined;
    const summary = part === 'summary' ? await summaryBytes(inFile, { projectId, sectionId }) : null;
    if (v['ceiling-fen'] !== undefined && v.server !== undefined) throw new UsageError('give --ceiling-fen or --server, not both');
    let ceiling: Ceiling | null = null;
    let asks: BidSummaryAsks | null = null;
    if (v['ceiling-fen'] !== undefined) {
      if (!/^\d{1,15}$/.test(v['ceiling-fen'])) throw new UsageError('--ceiling-fen must be a whole number of fen');
      ceiling = { fen: Number(v['ceiling-fen']), label: { zh: '最高投标限价', en: 'price ceiling' } };
    } else if (summary && v.server !== undefined) {
      const server = v.server;
      const username = required(v, 'user');
      const code = await serverGuard(out, server, async () => {
        ({ ceiling, asks } = await serverCeiling(server, username, { projectId, sectionId }));
        return EXIT.OK;
      });
      if (code !== EXIT.OK) return code;
    }
    // Issue 18 §2: a summary stating a period or quality the project does not ask, or lacking one it asks, is refused.
    if (summary && asks) checkSummaryFields(asks, summary);
    const warning = summary ? checkCeiling(summary.priceFen, ceiling, v['above-ceiling'] === true) : null;
    const r = await writeAtomically(outFile, (tmp) =>
      sealPart({
        input: summary ? Readable.from([summary.bytes]) : createReadStream(inFile, { highWaterMark: 1048576 }),
        output: createWriteStream(tmp, { mode: 0o644 }),
        part,
        projectId,
        sectionId,
        name: v.name ?? basename(inFile),
        ...(chunkSize !== undefined ? { chunkSize } : {}),
        recipientCertPems,
        signerKeyPem: signer.privateKeyPem,
        signerCertPem: signer.certPem,
        chainPems: signer.chainPem,
      }),
    );
    out(
      JSON.stringify(
        {
          out: outFile,
          part,
          projectId,
          sectionId,
          headerSha256: r.headerSha256,
          partHash: r.partHash,
          size: r.size,
          plaintextSha256: r.plaintextSha256,
          plaintextSize: r.plaintextSize,
          ...(warning ? { aboveCeiling: true, warning } : {}),
        },
        null,
        2,
      ) + '\n',
    );
    return EXIT.OK;
  });
}
