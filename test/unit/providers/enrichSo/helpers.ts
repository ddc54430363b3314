/** Small builders for the Enrich.so catalog tests. */
import type { CostContext, OperationSpec } from '../../../../shared/catalog/types';
import { type Credits, toCreditNumber } from '../../../../shared/credits/amount';
import type { HttpResponse } from '../../../../shared/transport/types';
import { enrichSo } from '../../../../shared/providers/enrichSo';

export function opOf(key: string): OperationSpec {
  const op = enrichSo.operations.find((o) => o.key === key);
  if (!op) throw new Error(`no operation ${key}`);
  return op;
}

export function response(status: number, body: unknown = '', headers: Record<string, string> = {}): HttpResponse {
  return { status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

/** Estimate for a raw input, parsed through the schema the way the client does (defaults applied). */
export function estimate(key: string, input: Record<string, unknown>): number {
  const op = opOf(key);
  return toCreditNumber(op.cost.estimate(op.input.parse(input)));
}

/** Actual for a raw input and a response `data` (+ meta), as the client would compute it. */
export function actual(key: string, input: Record<string, unknown>, data: unknown, meta: CostContext<unknown>['meta'] = {}): number {
  const op = opOf(key);
  const ctx: CostContext<unknown> = { input: op.input.parse(input), data, response: response(200, { success: true, data }), meta };
  const charged: Credits = op.cost.actual ? op.cost.actual(ctx) : (meta.creditsUsed ?? op.cost.estimate(ctx.input));
  return toCreditNumber(charged);
}
