/**
 * THE RULE for computing on a provisional year (issue 12 §1, DESIGN §4, T2) — the one place it is said.
 *
 * In a year whose official holiday schedule is not yet published, some days are uncertain: the notice may
 * make them days off (a bridged weekday, a 补假) or working days (a 调休 weekend). A date computed across
 * such days may come out differently once the notice is published. It must then err in the direction
 * that cannot harm anyone:
 *
 * - `'latest'` — a period somebody is OWED: a bidder's preparation time, a document sale or listing
 *   window, a filer's objection or challenge window, a deadline the platform moves for bidders (N5, a
 *   platform fault). Uncertain days count as rest days, so working-day counts run longer and rest-day
 *   rolls go further: the period ends no earlier than the official calendar can make it end. A schedule
 *   accepted today is never too short tomorrow, and nobody loses a day they will be owed.
 *
 * - `'earliest'` — a DUE DATE the platform watches or acts on: a tenderee's answer to an objection, a
 *   security refund, their yellow warnings and red alerts, any automatic act of the platform. Uncertain
 *   days count as working days, so the due date is the earliest the official calendar can make it. A
 *   warning that comes a day early costs a reminder; one that comes a day late costs a bidder its right.
 *
 * Every result says whether it depended on an uncertain day (`provisional: true`); such results are
 * marked 暂定 wherever they are shown (API field, UI tag, PDF footnote), and publishing the official year
 * recomputes them (services: projects/holidays.ts).
 *
 * Which purpose uses which leaning is fixed here, so that call sites name the purpose, not the direction.
 */
export type Leaning = 'latest' | 'earliest';

export const LEANING = {
  /** Minimum periods owed to bidders, applicants and filers; deadlines the platform moves for them. */
  owed: 'latest',
  /** Due dates of duties the platform watches (answers, refunds), their warnings and automatic acts. */
  due: 'earliest',
} as const satisfies Record<string, Leaning>;
