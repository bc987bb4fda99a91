/**
 * Public commit–reveal draws (issue 14 §2): the draw as every participant sees it, and the commit and
 * reveal inputs. The opening's K draw shows the same view inside the opening (`k.draw`).
 */
import { z } from 'zod';
import { ZId } from './common.ts';

const ZTime = z.string();
const ZHex32 = z.string().max(64);

export const ZDrawPhase = z.enum(['commit', 'reveal', 'closed', 'drawn']);
export type DrawPhase = z.infer<typeof ZDrawPhase>;

export const ZDraw = z.object({
  id: z.number().int(),
  purpose: z.string(),
  /** the ordered options the result indexes into */
  options: z.array(z.unknown()),
  phase: ZDrawPhase,
  serverTime: ZTime,
  createdAt: ZTime,
  commitCloseAt: ZTime,
  revealCloseAt: ZTime,
  platformCommitment: z.string(),
  /** the platform share, published with the result (null before) */
  platformShare: z.string().nullable(),
  commitments: z.array(
    z.object({
      id: z.number().int(),
      participant: z.string(),
      label: z.string(),
      mine: z.boolean(),
      commitment: z.string(),
      committedAt: ZTime,
      valueHex: z.string().nullable(),
      revealedAt: ZTime.nullable(),
    }),
  ),
  result: z.object({ index: z.number().int(), drawnAt: ZTime, digestHex: z.string(), inputsSha256: z.string(), unrevealed: z.array(z.number().int()) }).nullable(),
  me: z.object({ mayContribute: z.boolean(), committed: z.boolean(), revealed: z.boolean() }),
});
export type DrawView = z.infer<typeof ZDraw>;

export const ZDrawIdInput = z.object({ drawId: ZId });
export type DrawIdInput = z.infer<typeof ZDrawIdInput>;

export const ZDrawCommitInput = z.object({ drawId: ZId, commitment: ZHex32 });
export type DrawCommitInput = z.infer<typeof ZDrawCommitInput>;

export const ZDrawRevealInput = z.object({ drawId: ZId, valueHex: ZHex32 });
export type DrawRevealInput = z.infer<typeof ZDrawRevealInput>;
