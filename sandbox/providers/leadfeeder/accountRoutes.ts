/** The account's own things on Leadfeeder `/v1` (§2.6): its lists and tags, its accounts, its user. */
import { hash32 } from '../../kit/random';
import type { Router } from '../../kit/router';
import { type Ctx, cursorPage, documentReply, type Handler, invalidParameter, notFound, numberedPage, type RouteMeta } from './state';

type Named = { id: string; name: string; [key: string]: unknown };

function crud(
  r: Router<Handler, RouteMeta>,
  path: string,
  type: string,
  store: (ctx: Ctx) => Map<string, Named>,
  make: (ctx: Ctx, name: string, extra: Record<string, unknown>) => Named,
) {
  const resource = (n: Named) => {
    const { id, items: _items, ...attributes } = n;
    return { type, id, attributes };
  };
  const find = (ctx: Ctx) => {
    const found = store(ctx).get(ctx.params.id!);
    if (!found) throw notFound(type.slice(0, -1));
    return found;
  };
  r.add(
    'GET',
    path,
    (ctx) => {
      const { page, meta } = numberedPage(ctx, [...store(ctx).values()]);
      return documentReply(ctx, page.map(resource), { meta });
    },
    { account: true },
  );
  r.add(
    'POST',
    path,
    (ctx) => {
      const { name, ...extra } = ctx.body();
      if (typeof name !== 'string' || name.trim() === '') throw invalidParameter('name', 'name is required');
      const created = make(ctx, name.trim(), extra);
      store(ctx).set(created.id, created);
      return documentReply(ctx, resource(created), { status: 201 });
    },
    { account: true },
  );
  r.add('GET', `${path}/{id}`, (ctx) => documentReply(ctx, resource(find(ctx))), { account: true });
  r.add(
    'PATCH',
    `${path}/{id}`,
    (ctx) => {
      const found = find(ctx);
      const { name, ...extra } = ctx.body();
      if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) throw invalidParameter('name', 'name must not be empty');
      Object.assign(found, extra, name === undefined ? {} : { name: (name as string).trim() });
      return documentReply(ctx, resource(found));
    },
    { account: true },
  );
  r.add(
    'DELETE',
    `${path}/{id}`,
    (ctx) => {
      find(ctx);
      store(ctx).delete(ctx.params.id!);
      return { status: 204, headers: {}, body: '' };
    },
    { account: true },
  );
}

export const listsAndTags = (r: Router<Handler, RouteMeta>) => {
  crud(
    r,
    '/lists',
    'lists',
    (ctx) => ctx.state.lists as Map<string, Named>,
    (ctx, name, extra) => ({ ...extra, id: ctx.state.newId('list'), name, items: [] }),
  );
  crud(
    r,
    '/tags',
    'tags',
    (ctx) => ctx.state.tags,
    (ctx, name, extra) => ({ ...extra, id: ctx.state.newId('tag'), name }),
  );
  r.add(
    'GET',
    '/lists/{id}/items',
    (ctx) => {
      const list = ctx.state.lists.get(ctx.params.id!);
      if (!list) throw notFound('List');
      const { page, meta } = cursorPage(ctx, list.items);
      return documentReply(ctx, page, { meta });
    },
    { account: true },
  );
};

export const account = (r: Router<Handler, RouteMeta>) => {
  r.add(
    'GET',
    '/accounts',
    (ctx) => {
      const view = (id: string) => {
        const s = ctx.states(id)!;
        s.rollPeriod(ctx.now);
        const next = new Date(ctx.now);
        const reset = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
        return {
          type: 'accounts',
          id,
          attributes: { name: s.account.name, credits: { available: s.account.credits, used: s.used, remaining: s.remaining, next_reset_on: reset } },
        };
      };
      const only = ctx.req.query.get('account_id');
      if (only) {
        if (!ctx.user.accounts.some((a) => a.id === only)) throw notFound('Account');
        return documentReply(ctx, view(only));
      }
      return documentReply(
        ctx,
        ctx.user.accounts.map((a) => view(a.id)),
      );
    },
    { account: false },
  );
  r.add(
    'GET',
    '/users/me',
    (ctx) =>
      documentReply(ctx, {
        type: 'users',
        id: `user_${hash32(ctx.user.email) % 10_000}`,
        attributes: { email: ctx.user.email, first_name: 'Sandbox', last_name: 'Owner', team_role: 'admin' },
      }),
    { account: false },
  );
};
