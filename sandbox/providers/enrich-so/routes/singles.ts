/**
 * Single paid lookups and their batch routes. A single lookup checks the balance before
 * doing anything (402), and is charged only when it found something (§5.4 "not charged when").
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import type { Router } from '../../../kit/router';
import { registerBatchProduct } from '../batch';
import { body, lookupMeta, ok, requireCredits, type Ctx } from '../context';
import { findEmail, findPhones, lookupIp, lookupProfile, validateEmail } from '../data';
import { emailFinder, emailValidation, ipBatch, phoneBulk, reverseLookup } from '../products';
import { email, parseInput, queryObject } from '../validate';
import type { Handler, RouteMeta } from './types';

export const COSTS = { validation: 1, finder: 10, reverseLookup: 10, phone: 500, ip: 100 } as const;

/** Charge `cost` when the lookup found something; 0 otherwise. */
function chargeIfFound(ctx: Ctx, found: boolean, cost: number, description: string): number {
  if (!found) return 0;
  ctx.org.wallet.deduct(cost, description, { requestId: ctx.requestId });
  return cost;
}

const validationBody = z.object({ email });
const finderBody = z.object({ firstName: z.string().min(1).max(100), lastName: z.string().min(1).max(100), domain: z.string().min(1).max(253) });
const phonesQuery = z
  .object({ email: email.optional(), linkedin: z.string().min(1).max(500).optional() })
  .refine((q) => q.email !== undefined || q.linkedin !== undefined, { message: 'Provide email or linkedin' });
const ipBody = z.object({
  ip: z
    .string()
    .min(1)
    .max(45)
    .refine((v) => isIP(v) !== 0, { message: 'Invalid IP address' }),
});

export function registerSingles(router: Router<Handler, RouteMeta>): void {
  const enrichment: RouteMeta = { bucket: 'enrichment' };

  router.add(
    'POST',
    '/email-validation',
    (ctx) => {
      const input = parseInput(validationBody, body(ctx), 'body');
      requireCredits(ctx, COSTS.validation);
      const result = validateEmail(ctx.svc.seed, input.email);
      // `risky` is not charged.
      const used = chargeIfFound(ctx, result.result !== 'risky', COSTS.validation, `Email validation: ${input.email}`);
      return ok(ctx, result, lookupMeta(ctx, used));
    },
    enrichment,
  );

  router.add(
    'POST',
    '/email-finder',
    (ctx) => {
      const input = parseInput(finderBody, body(ctx), 'body');
      requireCredits(ctx, COSTS.finder);
      const result = findEmail(ctx.svc.seed, input);
      const used = chargeIfFound(ctx, result.found, COSTS.finder, `Email finder: ${result.email ?? `${input.firstName} ${input.lastName} @ ${input.domain}`}`);
      return ok(ctx, result, lookupMeta(ctx, used));
    },
    enrichment,
  );

  router.add(
    'GET',
    '/reverse-lookup/phones',
    (ctx) => {
      const q = parseInput(phonesQuery, queryObject(ctx.req.query), 'querystring');
      requireCredits(ctx, COSTS.phone);
      const key = (q.email ?? q.linkedin) as string;
      const phones = findPhones(ctx.svc.seed, key);
      const used = chargeIfFound(ctx, phones.length > 0, COSTS.phone, `Phone finder: ${key}`);
      return ok(ctx, { phones }, lookupMeta(ctx, used));
    },
    enrichment,
  );

  router.add(
    'POST',
    '/reverse-lookup/lookup',
    (ctx) => {
      const input = parseInput(validationBody, body(ctx), 'body');
      requireCredits(ctx, COSTS.reverseLookup);
      const profile = lookupProfile(ctx.svc.seed, input.email);
      const used = chargeIfFound(ctx, profile !== undefined, COSTS.reverseLookup, `Reverse email lookup: ${input.email}`);
      // Nothing found: 200 with empty data, creditsUsed 0.
      return ok(ctx, profile ? { ...profile, creditsConsumed: used } : {}, lookupMeta(ctx, used));
    },
    enrichment,
  );

  router.add(
    'POST',
    '/ip-to-company',
    (ctx) => {
      const input = parseInput(ipBody, body(ctx), 'body');
      requireCredits(ctx, COSTS.ip);
      const result = lookupIp(ctx.svc.seed, input.ip.trim());
      const used = chargeIfFound(ctx, result.ipDomain !== undefined, COSTS.ip, `IP to company: ${input.ip}`);
      return ok(ctx, result, lookupMeta(ctx, used));
    },
    enrichment,
  );

  registerBatchProduct(router, emailValidation);
  registerBatchProduct(router, emailFinder);
  registerBatchProduct(router, reverseLookup);
  registerBatchProduct(router, phoneBulk);
  registerBatchProduct(router, ipBatch);
}
