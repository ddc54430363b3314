/**
 * A monthly request quota through the public client API on fake time: every request counts (in
 * the store, across runs), the run is warned once 90% is used, and the request that would
 * exceed the quota is refused with a clear error before it is sent.
 */
import { FakeClock } from '../../shared/clock';
import { createClient } from '../../shared/client';
import { QuotaExceededError } from '../../shared/quota';
import { MemoryStore } from '../../shared/store/memory';
import { json, ScriptedTransport } from './fixtures/toy-catalog';
import { subscriptionCatalog } from './fixtures/subscription-catalog';

const START = Date.parse('2026-03-30T10:00:00Z');

function setup() {
  const clock = new FakeClock(START);
  const store = new MemoryStore({ clock });
  const transport = new ScriptedTransport(() => json(200, { data: [] }));
  const client = () => createClient({ provider: subscriptionCatalog, apiKey: 'key-one', transport, clock, store });
  return { clock, transport, client };
}

describe('a monthly request quota of 10', () => {
  it('warns once when the ninth request is sent, in the run that crossed 90%', async () => {
    const { client } = setup();
    const c = client();
    for (let i = 0; i < 8; i++) await c.call('visitors.list', {});
    expect(c.notices()).toEqual([]);
    await c.call('visitors.list', {});
    await c.call('visitors.list', {});
    expect(c.notices()).toEqual([
      expect.objectContaining({
        kind: 'quota_warning',
        used: 9,
        limit: 10,
        resetsAt: '2026-04-01T00:00:00.000Z',
        message: expect.stringMatching(/9 of the 10 requests .* \(90%\)/),
      }),
    ]);
  });

  it('refuses the eleventh request before sending it, naming the quota and when it resets', async () => {
    const { client, transport } = setup();
    const c = client();
    for (let i = 0; i < 10; i++) await c.call('visitors.list', {});
    const refused = c.call('visitors.list', {});
    await expect(refused).rejects.toBeInstanceOf(QuotaExceededError);
    await expect(refused).rejects.toMatchObject({
      kind: 'rate_limited',
      retryable: false,
      message: expect.stringMatching(/monthly quota of 10 requests is used up.*nothing was sent.*2026-04-01/),
    });
    expect(transport.requests).toHaveLength(10);
  });

  it('counts across runs sharing the store, and warns each later run too', async () => {
    const { client } = setup();
    const first = client();
    for (let i = 0; i < 9; i++) await first.call('visitors.list', {});
    const second = client();
    await second.call('visitors.list', {});
    expect(second.notices()).toEqual([expect.objectContaining({ used: 10 })]);
    await expect(client().call('visitors.list', {})).rejects.toBeInstanceOf(QuotaExceededError);
  });

  it('starts afresh with the next calendar month', async () => {
    const { client, clock } = setup();
    const c = client();
    for (let i = 0; i < 10; i++) await c.call('visitors.list', {});
    await expect(c.call('visitors.list', {})).rejects.toBeInstanceOf(QuotaExceededError);
    await clock.advance(3 * 24 * 3600_000);
    const april = client();
    await april.call('visitors.list', {});
    expect(april.notices()).toEqual([]);
  });
});
