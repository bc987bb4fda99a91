import { wordPairsOf } from './vocabulary/index.ts';

/** The roles of DESIGN §5 / ux.md, in one list shared by the database enum, the API and the web menus. */
export const ROLES = ['platform_admin', 'staff', 'tenderee', 'agent', 'bidder', 'expert', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

/** The role words in both languages: lookups into the shared vocabulary (vocabulary/zh.ts, en.ts). */
export const ROLE_LABELS: Readonly<Record<Role, { zh: string; en: string }>> = wordPairsOf(ROLES, (r) => `role.${r}`);
