/** A due date computed again on the official calendar once a year's holidays are published (projects/calendar-years.ts). */
export interface DueDateChange {
  kind: 'objection_answer' | 'deposit_refund';
  id: number;
  projectId: number;
  from: string;
  to: string;
  provisional: boolean;
}
