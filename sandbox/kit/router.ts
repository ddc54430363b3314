/** Method + path-pattern routing (`/email-validation/batch/{batchId}/results`), literal segments winning over `{params}`. */

export interface RouteMatch<H, M> {
  handler: H;
  meta: M;
  params: Record<string, string>;
}

interface Route<H, M> {
  method: string;
  segments: string[];
  paramCount: number;
  handler: H;
  meta: M;
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

export class Router<H, M> {
  private readonly routes: Route<H, M>[] = [];

  add(method: string, pattern: string, handler: H, meta: M): this {
    const segments = split(pattern);
    const paramCount = segments.filter((s) => s.startsWith('{')).length;
    this.routes.push({ method: method.toUpperCase(), segments, paramCount, handler, meta });
    // Fewer params first, so `/company-follower/limit` beats `/company-follower/{batchId}`.
    this.routes.sort((a, b) => a.paramCount - b.paramCount);
    return this;
  }

  match(method: string, path: string): RouteMatch<H, M> | undefined {
    const parts = split(path);
    for (const route of this.routes) {
      if (route.method !== method.toUpperCase() || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i] as string;
        const part = parts[i] as string;
        if (seg.startsWith('{') && seg.endsWith('}')) params[seg.slice(1, -1)] = decodeURIComponent(part);
        else if (seg !== part) {
          ok = false;
          break;
        }
      }
      if (ok) return { handler: route.handler, meta: route.meta, params };
    }
    return undefined;
  }
}
