/**
 * Server time is the only clock (domain T1, DESIGN §4). Services read `deps.clock.now()`; tests and
 * rehearsals use a FakeClock, which config refuses in production.
 */
export interface Clock {
  now(): Date;
  readonly fake: boolean;
}

export const systemClock: Clock = {
  now: () => new Date(),
  fake: false,
};

/** A clock that starts at a given instant and then runs at real speed, movable by `set`/`advance`. */
export class FakeClock implements Clock {
  readonly fake = true;
  private offsetMs: number;

  constructor(start: Date = new Date()) {
    this.offsetMs = start.getTime() - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  set(instant: Date): void {
    this.offsetMs = instant.getTime() - Date.now();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
