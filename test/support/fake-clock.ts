import { Clock } from '../../src/common/clock';

/** A clock the test sets and moves by hand. */
export class FakeClock extends Clock {
  private current: Date;

  constructor(start: string | Date = '2026-03-02T02:00:00Z') {
    super();
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: string | Date): void {
    this.current = new Date(instant);
  }

  advance(milliseconds: number): void {
    this.current = new Date(this.current.getTime() + milliseconds);
  }
}
