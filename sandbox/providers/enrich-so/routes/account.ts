/** Wallets (balance, transaction history) and teams (members, invitations). Free endpoints. */
import { z } from 'zod';
import { jsonReply } from '../../../kit/http';
import type { Router } from '../../../kit/router';
import { body, iso, ok, pageOf, type Ctx, type Invitation } from '../context';
import { conflict, notFound } from '../problems';
import { email, parseInput, queryObject } from '../validate';
import type { Handler, RouteMeta } from './types';

const transactionsQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  type: z.enum(['deduction', 'topup', 'adjustment', 'refund']).optional(),
});
const inviteBody = z.object({ email, role: z.enum(['admin', 'member']) });
const INVITATION_TTL_MS = 30 * 24 * 3600_000;

/** §5.5 shows teams answers bare; the harvested OpenAPI wraps them. `teamsShape` picks. */
function teamsReply(ctx: Ctx, data: unknown) {
  return ctx.svc.config().teamsShape === 'envelope' ? jsonReply(200, { success: true, data }) : jsonReply(200, data);
}

function requireTeam(ctx: Ctx): void {
  if (ctx.params.teamId !== ctx.org.account.teamId) throw notFound('Team not found');
}

export function registerAccount(router: Router<Handler, RouteMeta>): void {
  router.add(
    'GET',
    '/wallets/balance',
    (ctx) => ok(ctx, { organizationId: ctx.org.id, balance: ctx.org.wallet.balance, currency: 'credits', asOf: iso(ctx.now) }),
    {},
  );

  router.add(
    'GET',
    '/wallets/transactions',
    (ctx) => {
      const q = parseInput(transactionsQuery, queryObject(ctx.req.query), 'querystring');
      const all = ctx.org.wallet
        .transactions()
        .filter((t) => !q.type || t.type === q.type)
        .slice()
        .reverse();
      return ok(ctx, {
        transactions: pageOf(all, q.page, q.limit),
        pagination: { page: q.page, limit: q.limit, total: all.length, totalPages: Math.ceil(all.length / q.limit) },
      });
    },
    {},
  );

  router.add(
    'GET',
    '/teams/{teamId}/members',
    (ctx) => {
      requireTeam(ctx);
      return teamsReply(ctx, ctx.org.members);
    },
    {},
  );

  router.add(
    'POST',
    '/teams/{teamId}/invitations',
    (ctx) => {
      requireTeam(ctx);
      const input = parseInput(inviteBody, body(ctx), 'body');
      const address = input.email.toLowerCase();
      if (ctx.org.members.some((m) => m.email.toLowerCase() === address)) throw conflict(`${input.email} is already a member of this team.`);
      if ([...ctx.org.invitations.values()].some((i) => i.email.toLowerCase() === address)) throw conflict(`${input.email} already has a pending invitation.`);
      const invitation: Invitation = {
        id: ctx.svc.ids.hex(24),
        email: input.email,
        role: input.role,
        status: 'pending',
        expiresAt: iso(ctx.now + INVITATION_TTL_MS),
        createdAt: iso(ctx.now),
      };
      ctx.org.invitations.set(invitation.id, invitation);
      return teamsReply(ctx, invitation);
    },
    {},
  );

  router.add(
    'GET',
    '/teams/{teamId}/invitations',
    (ctx) => {
      requireTeam(ctx);
      return teamsReply(
        ctx,
        [...ctx.org.invitations.values()].filter((i) => Date.parse(i.expiresAt) > ctx.now),
      );
    },
    {},
  );

  router.add(
    'DELETE',
    '/teams/{teamId}/invitations/{invitationId}',
    (ctx) => {
      requireTeam(ctx);
      if (!ctx.org.invitations.delete(ctx.params.invitationId as string)) throw notFound('Invitation not found');
      return ok(ctx, { success: true });
    },
    {},
  );
}
