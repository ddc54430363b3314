/** Every sandbox's request log is bounded and never shows a key a client put in the query. */
import { RequestLog } from '../../sandbox/kit/request-log';

describe('the sandbox request log', () => {
  it('keeps the newest entries only, stamped with the sandbox clock', () => {
    let now = Date.UTC(2026, 0, 1);
    const log = new RequestLog(() => now, 3);
    for (let i = 0; i < 5; i++) {
      log.add({ method: 'GET', path: `/p${i}`, query: '', status: 200 });
      now += 1000;
    }
    expect(log.entries().map((e) => e.path)).toEqual(['/p2', '/p3', '/p4']);
    expect(log.entries()[0]!.time).toBe('2026-01-01T00:00:02.000Z');
    for (let i = 5; i < 50; i++) {
      log.add({ method: 'GET', path: `/p${i}`, query: '', status: 200 });
      expect(log.entries().map((e) => e.path)).toEqual([`/p${i - 2}`, `/p${i - 1}`, `/p${i}`]);
    }
  });

  it('redacts key-like query parameters', () => {
    const log = new RequestLog(() => 0);
    log.add({ method: 'GET', path: '/x', query: 'api_key=sk_live_abc&page=2&token=t', status: 401 });
    expect(log.entries()[0]!.query).toBe('api_key=REDACTED&page=2&token=REDACTED');
  });
});
