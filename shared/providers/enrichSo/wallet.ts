/** Wallet: balance and transaction history (both free; the balance is the credential test). */
import { z } from 'zod';
import type { OperationSpec, SubmitTrace } from '../../catalog/types';
import { arrayAt, enumField, free, intField, lenient, noInput, numberAt, op, pageField, queryPages, stringAt } from '../../catalog';
import { credits } from '../../credits/amount';

const getBalance = op({
  resource: 'wallet',
  operation: 'getBalance',
  displayName: 'Get credit balance',
  about: "Read your organization's current credit balance.",
  kind: 'lookup',
  method: 'GET',
  path: '/wallets/balance',
  input: noInput,
  output: lenient({ organizationId: z.string(), balance: z.number(), currency: z.string(), asOf: z.string() }),
  cost: free(),
  retrySafe: true,
});

const listTransactions = op({
  resource: 'wallet',
  operation: 'listTransactions',
  displayName: 'List transactions',
  about: 'List credit transactions (deductions, top-ups, adjustments, refunds), newest first, optionally of one type.',
  kind: 'list',
  method: 'GET',
  path: '/wallets/transactions',
  input: z.object({
    page: pageField(),
    limit: intField('limit', 'Transactions per page (1–100)', { min: 1, max: 100 }).default(50),
    type: enumField('type', ['deduction', 'topup', 'adjustment', 'refund'] as const, 'Only transactions of this type').optional(),
  }),
  output: lenient({
    transactions: z.array(
      lenient({
        id: z.string(),
        organizationId: z.string(),
        type: z.string(),
        amount: z.number(),
        balanceAfter: z.number(),
        description: z.string(),
        metadata: z.unknown(),
        createdAt: z.string(),
      }),
    ),
    pagination: lenient({ page: z.number(), limit: z.number(), total: z.number(), totalPages: z.number() }),
  }),
  cost: free(),
  retrySafe: true,
  pagination: queryPages(
    'limit',
    100,
    50,
    (data) => arrayAt(data, 'transactions'),
    (data) => numberAt(data, 'pagination', 'totalPages'),
  ),
});

export const walletOperations: OperationSpec[] = [getBalance, listTransactions];

/**
 * A batch submit reserves its credits as a wallet deduction (§5.4), so the transaction list
 * shows whether a submit whose answer was lost did anything. providers.md documents
 * `metadata` without its members: the job id is read from it when present (`batchId`, `jobId`)
 * or from a 24-hex id in the description, and left unknown otherwise.
 */
export const enrichSoSubmitTrace: SubmitTrace = {
  op: 'wallet.listTransactions',
  input: { type: 'deduction', limit: 100 },
  read(entry) {
    if (stringAt(entry, 'type') !== 'deduction') return undefined;
    const amount = numberAt(entry, 'amount');
    const at = Date.parse(stringAt(entry, 'createdAt') ?? '');
    const jobId =
      stringAt(entry, 'metadata', 'batchId') ?? stringAt(entry, 'metadata', 'jobId') ?? /\b[0-9a-f]{24}\b/.exec(stringAt(entry, 'description') ?? '')?.[0];
    return { jobId, reserved: amount === undefined ? undefined : credits(Math.abs(amount)), at: Number.isNaN(at) ? undefined : at };
  },
};
