/** The clock the throttling windows run on (real, or manual for edge-of-limit tests). */
/**
 * The clock the throttling windows run on. In manual mode it stands still until told to
 * advance, so tests can put requests exactly at a limit's edge without racing real time.
 */
export class SimClock {
  private manualAt: number | null = null;
  private offset = 0;
  constructor(manual = false) {
    if (manual) this.manualAt = performance.now();
  }
  now(): number {
    return (this.manualAt ?? performance.now()) + this.offset;
  }
  get manual(): boolean {
    return this.manualAt !== null;
  }
  setManual(on: boolean): void {
    if (on === this.manual) return;
    const t = this.now();
    this.offset = 0;
    if (on) this.manualAt = t;
    else {
      this.manualAt = null;
      this.offset = t - performance.now();
    }
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}
