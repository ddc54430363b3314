/** Exclusion lists (vendor MCP routes): free, per account, a platform's default list made on first use. */
import { jsonReply, type Reply } from '../../kit/http';
import { body, type Ctx, HttpError, type Account } from './routes';

const PLATFORMS = ['instagram', 'youtube', 'tiktok', 'twitch', 'twitter', 'onlyfans'];
type List = Account['exclusionLists'] extends Map<number, infer L> ? L : never;

const view = (l: List) => ({ id: l.id, name: l.name, platform: l.platform, is_default: l.is_default, total: l.handles.length });

function create(account: Account, name: string, platform: string, isDefault: boolean): List {
  const list: List = { id: account.nextListId++, name, platform, handles: [], is_default: isDefault };
  account.exclusionLists.set(list.id, list);
  return list;
}

function listOf(ctx: Ctx): List {
  if (ctx.params.platform !== undefined) {
    const platform = ctx.params.platform;
    if (!PLATFORMS.includes(platform)) throw new HttpError(404, { detail: 'Not found.' });
    return (
      [...ctx.account.exclusionLists.values()].find((l) => l.is_default && l.platform === platform) ??
      create(ctx.account, `Default ${platform}`, platform, true)
    );
  }
  const list = ctx.account.exclusionLists.get(Number(ctx.params.list_id));
  if (!list) throw new HttpError(404, { detail: 'Not found.' });
  return list;
}

function handlesOf(ctx: Ctx): string[] {
  const h = body(ctx).handles;
  if (!Array.isArray(h) || h.length === 0 || !h.every((x) => typeof x === 'string' && x.trim() !== ''))
    throw new HttpError(400, { handles: ['A non-empty list of handles is required.'] });
  return h.map((x: string) => x.trim().toLowerCase());
}

export const exclusionRoutes: [string, string, (ctx: Ctx) => Reply][] = [
  ['GET', '/discovery/exclusion-lists/', (ctx) => jsonReply(200, [...ctx.account.exclusionLists.values()].map(view))],
  [
    'POST',
    '/discovery/exclusion-lists/',
    (ctx) => {
      const b = body(ctx);
      if (typeof b.name !== 'string' || !b.name.trim()) throw new HttpError(400, { name: ['This field is required.'] });
      if (!PLATFORMS.includes(String(b.platform))) throw new HttpError(400, { platform: [`"${String(b.platform)}" is not a valid choice.`] });
      return jsonReply(201, view(create(ctx.account, b.name, String(b.platform), false)));
    },
  ],
  ['GET', '/discovery/exclusion-lists/{list_id}/', (ctx) => jsonReply(200, view(listOf(ctx)))],
  [
    'PATCH',
    '/discovery/exclusion-lists/{list_id}/',
    (ctx) => {
      const list = listOf(ctx);
      const name = body(ctx).name;
      if (typeof name !== 'string' || !name.trim()) throw new HttpError(400, { name: ['This field is required.'] });
      list.name = name;
      return jsonReply(200, view(list));
    },
  ],
  [
    'DELETE',
    '/discovery/exclusion-lists/{list_id}/',
    (ctx) => {
      const list = listOf(ctx);
      ctx.account.exclusionLists.delete(list.id);
      return { status: 204, headers: {}, body: '' };
    },
  ],
  ['GET', '/discovery/exclusion-lists/default/{platform}/', (ctx) => jsonReply(200, view(listOf(ctx)))],
  ...(['/discovery/exclusion-lists/{list_id}/entries/', '/discovery/exclusion-lists/default/{platform}/entries/'] as const).flatMap(
    (path): [string, string, (ctx: Ctx) => Reply][] => [
      [
        'GET',
        path,
        (ctx) => {
          const list = listOf(ctx);
          const offset = Number(ctx.req.query.get('offset') ?? 0) || 0;
          const limit = Number(ctx.req.query.get('limit') ?? 1000) || 1000;
          return jsonReply(200, { total: list.handles.length, offset, limit, handles: list.handles.slice(offset, offset + limit) });
        },
      ],
      [
        'POST',
        path,
        (ctx) => {
          const list = listOf(ctx);
          for (const h of handlesOf(ctx)) if (!list.handles.includes(h)) list.handles.push(h);
          return jsonReply(200, view(list));
        },
      ],
      [
        'DELETE',
        path,
        (ctx) => {
          const list = listOf(ctx);
          const drop = new Set(handlesOf(ctx));
          list.handles = list.handles.filter((h) => !drop.has(h));
          return jsonReply(200, view(list));
        },
      ],
    ],
  ),
];
