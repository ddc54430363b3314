import { FakeClock } from '../../shared/clock';
import { MemoryStore } from '../../shared/store/memory';
import { describeStoreContract } from './store-contract';

describeStoreContract('MemoryStore', async (clock: FakeClock) => new MemoryStore({ clock }));

describe('MemoryStore without an injected clock', () => {
  it('works on the system clock', async () => {
    const store = new MemoryStore();
    await store.set('k', 'v', 60_000);
    expect(await store.get('k')).toBe('v');
  });
});
