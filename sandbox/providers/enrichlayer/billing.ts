/**
 * How the sandbox bills, written from the reference and the credits guide independently of the
 * client's catalog (so a test that compares the two can fail): flat lines per request, lines
 * per item returned, and the API-log breakdown in the guide's own shape.
 */

export interface SandboxBill {
  lines: Record<string, number>;
  items?: { count: number; each: Record<string, number> };
}

export function total(bill: SandboxBill): number {
  const flat = Object.values(bill.lines).reduce((a, b) => a + b, 0);
  const each = bill.items ? Object.values(bill.items.each).reduce((a, b) => a + b, 0) : 0;
  return flat + (bill.items ? each * bill.items.count : 0);
}

/** The dashboard's API-log entry: flat lines, then items / items_count / items_breakdown. */
export function apiLog(bill: SandboxBill): Record<string, unknown> {
  const log: Record<string, unknown> = { ...bill.lines };
  if (bill.items) {
    const each = Object.values(bill.items.each).reduce((a, b) => a + b, 0);
    log.items = each * bill.items.count;
    log.items_count = bill.items.count;
    log.items_breakdown = { ...bill.items.each };
  }
  return log;
}

/** Add `amount` under `line` when `yes`. */
export function line(lines: Record<string, number>, name: string, amount: number, yes = true): void {
  if (yes && amount > 0) lines[name] = (lines[name] ?? 0) + amount;
}
