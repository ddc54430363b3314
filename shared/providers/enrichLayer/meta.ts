/** The account: credit balance (free; the credential test). */
import { z } from 'zod';
import type { OperationSpec } from '../../catalog/types';
import { free, lenient, noInput, op } from '../../catalog';

export const getCreditBalance = op({
  resource: 'meta',
  operation: 'getCreditBalance',
  displayName: 'Get credit balance',
  about: 'Your current credit balance.',
  kind: 'lookup',
  method: 'GET',
  path: '/credit-balance',
  input: noInput,
  output: lenient({ credit_balance: z.number() }),
  cost: free(),
  retrySafe: true,
});

export const metaOperations: OperationSpec[] = [getCreditBalance];
