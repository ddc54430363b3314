/**
 * A credit wallet with reserve-and-settle. Amounts are kept as integer micro-credits so
 * fractional prices (influencers.club's 0.01) add up exactly; the public API speaks plain
 * credit numbers. Settlement is idempotent per reservation key: the second settle returns
 * the first one's figures and moves nothing.
 */
import { credits, toCreditNumber, type Credits } from '../../shared/credits/amount';

export type TransactionType = 'deduction' | 'topup' | 'adjustment' | 'refund';

export interface WalletTransaction {
  id: string;
  organizationId: string;
  type: TransactionType;
  /** Negative for deductions, positive for top-ups and refunds. */
  amount: number;
  balanceAfter: number;
  description: string;
  metadata: Record<string, unknown>;
  createdAt: string;
}

export interface Settlement {
  key: string;
  reserved: number;
  charged: number;
  refunded: number;
  settledAt: string;
}

export class InsufficientCreditsError extends Error {
  constructor(
    readonly required: number,
    readonly balance: number,
  ) {
    super(`This operation requires ${required} credits, but your balance is ${balance} credits.`);
    this.name = 'InsufficientCreditsError';
  }

  get shortfall(): number {
    return toCreditNumber((credits(this.required) - credits(this.balance)) as Credits);
  }
}

export interface WalletOptions {
  organizationId: string;
  balance: number;
  now: () => number;
  newId: () => string;
}

export class Wallet {
  readonly organizationId: string;
  private micro: number;
  private readonly log: WalletTransaction[] = [];
  private readonly reservations = new Map<string, number>();
  private readonly settlements = new Map<string, Settlement>();
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(opts: WalletOptions) {
    this.organizationId = opts.organizationId;
    this.micro = credits(opts.balance);
    this.now = opts.now;
    this.newId = opts.newId;
  }

  get balance(): number {
    return toCreditNumber(this.micro as Credits);
  }

  canAfford(amount: number): boolean {
    return credits(amount) <= this.micro;
  }

  /** Throws InsufficientCreditsError (nothing moves) when the balance is below `amount`. */
  requireBalance(amount: number): void {
    if (!this.canAfford(amount)) throw new InsufficientCreditsError(amount, this.balance);
  }

  /** Set the balance outright (sandbox control); recorded as a top-up or an adjustment. */
  setBalance(balance: number, description = 'Sandbox balance set'): void {
    const delta = credits(balance) - this.micro;
    if (delta === 0) return;
    this.record(delta > 0 ? 'topup' : 'adjustment', delta, description, {});
  }

  deduct(amount: number, description: string, metadata: Record<string, unknown> = {}): WalletTransaction | undefined {
    if (amount < 0) throw new RangeError('deduct a positive amount');
    if (amount === 0) return undefined;
    this.requireBalance(amount);
    return this.record('deduction', -credits(amount), description, metadata);
  }

  refund(amount: number, description: string, metadata: Record<string, unknown> = {}): WalletTransaction | undefined {
    if (amount < 0) throw new RangeError('refund a positive amount');
    if (amount === 0) return undefined;
    return this.record('refund', credits(amount), description, metadata);
  }

  /** Empty the wallet (the "credits run out mid-job" fault); reserved credits stay reserved. */
  drain(description: string): void {
    if (this.micro > 0) this.record('adjustment', -this.micro, description, {});
  }

  /** Deduct `amount` now and remember it under `key` until settled. */
  reserve(key: string, amount: number, description: string, metadata: Record<string, unknown> = {}): void {
    if (this.reservations.has(key)) throw new Error(`reservation ${key} exists`);
    this.deduct(amount, description, { ...metadata, reservation: key });
    this.reservations.set(key, credits(amount));
  }

  reserved(key: string): number | undefined {
    const r = this.reservations.get(key);
    return r === undefined ? undefined : toCreditNumber(r as Credits);
  }

  /** Charge `charged` out of the reservation and refund the rest — once. */
  settle(key: string, charged: number, description: string): Settlement {
    const done = this.settlements.get(key);
    if (done) return done;
    const reservedMicro = this.reservations.get(key);
    if (reservedMicro === undefined) throw new Error(`no reservation ${key}`);
    const chargedMicro = credits(charged);
    if (chargedMicro > reservedMicro) throw new RangeError(`settling ${charged} exceeds reservation ${key}`);
    const refundMicro = reservedMicro - chargedMicro;
    if (refundMicro > 0) this.record('refund', refundMicro, description, { reservation: key });
    const settlement: Settlement = {
      key,
      reserved: toCreditNumber(reservedMicro as Credits),
      charged: toCreditNumber(chargedMicro as Credits),
      refunded: toCreditNumber(refundMicro as Credits),
      settledAt: new Date(this.now()).toISOString(),
    };
    this.settlements.set(key, settlement);
    return settlement;
  }

  settlement(key: string): Settlement | undefined {
    return this.settlements.get(key);
  }

  transactions(): readonly WalletTransaction[] {
    return this.log;
  }

  private record(type: TransactionType, deltaMicro: number, description: string, metadata: Record<string, unknown>): WalletTransaction {
    this.micro += deltaMicro;
    const tx: WalletTransaction = {
      id: this.newId(),
      organizationId: this.organizationId,
      type,
      amount: toCreditNumber(deltaMicro as Credits),
      balanceAfter: this.balance,
      description,
      metadata,
      createdAt: new Date(this.now()).toISOString(),
    };
    this.log.push(tx);
    return tx;
  }
}
