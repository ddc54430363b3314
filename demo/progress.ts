/** A dependency-free progress bar: redraws in place on a terminal, prints quarter marks otherwise. */
export class ProgressBar {
  private lastQuarter = -1;
  constructor(
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stdout,
  ) {}

  update(done: number, label: string): void {
    const ratio = this.total === 0 ? 1 : Math.min(1, done / this.total);
    if (this.out.isTTY) {
      const width = 30;
      const filled = Math.round(ratio * width);
      this.out.write(
        `\r   [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${done}/${this.total} ${label.padEnd(12)}`,
      );
      return;
    }
    const quarter = Math.floor(ratio * 4);
    if (quarter > this.lastQuarter) {
      this.lastQuarter = quarter;
      this.out.write(`   ${Math.round(ratio * 100)}% (${done}/${this.total}) ${label}\n`);
    }
  }

  done(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
