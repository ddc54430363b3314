/**
 * A Leadfeeder retrieval is measured from the account's credits read right before and right
 * after it. A search charges too, and reports its charge: when it is on its way while a
 * retrieval is measured, the two must not share one charge. The client keeps them apart — a
 * measurement waits for the paid calls in flight to be booked, and a paid call waits while a
 * measurement is open — so each item says what it cost and the books equal the wallet. A balance
 * asked for by the user waits for the paid calls in flight the same way.
 */
import { MemoryStore } from '../../shared/store/memory';
import { HeldAnswers } from './heldAnswers';
import { startLeadfeeder, type LeadfeederEnv } from './leadfeeder-helpers';

let env: LeadfeederEnv;
afterEach(() => env?.close());

/** A company that visited the website, found by another client: subscribed where this client never saw it. */
async function unseenVisitor(): Promise<string> {
  const visitors = await env.client({ store: new MemoryStore() }).list('webVisit.visitorCompanies', { start_date: '2025-06-01', end_date: '2026-03-01' });
  return (visitors.items[0] as { company: { id: string } }).company.id;
}

it("a search sent while a visitor's retrieval is measured is not counted in the retrieval's charge", async () => {
  env = await startLeadfeeder();
  const visitor = await unseenVisitor();
  const transport = new HeldAnswers();
  const client = env.client({ store: new MemoryStore(), transport });
  await client.balance();
  const used = env.used();

  // The retrieval has been answered; its closing balance read has not been sent yet.
  const retrievalAnswer = transport.hold(new RegExp(`/companies/${visitor}$`));
  const retrieval = client.call('company.get', { id: visitor });
  await retrievalAnswer.arrived;

  // Meanwhile a search is sent; its answer (with its charge) is on its way when the retrieval closes.
  const searchAnswer = transport.hold(/\/companies\/search$/);
  const search = client.call('company.search', { search_terms: ['acme'], 'page[size]': 5 });
  if (await transport.sendsAtOnce()) {
    await searchAnswer.arrived;
    retrievalAnswer.release();
    await retrieval;
  } else retrievalAnswer.release();
  searchAnswer.release();

  const [got, found] = await Promise.all([retrieval, search]);
  const searchCharge = found.credits.charged;
  expect(searchCharge).toBeGreaterThan(0);
  expect(got.credits.charged).toBe(0);
  expect(env.used() - used).toBe(searchCharge);
  await client.balance();
  expect(client.summary().charged).toBe(env.used() - used);
});

it("a balance asked for while a search is on its way waits for the search's booking: a search lost later is still settled right", async () => {
  env = await startLeadfeeder();
  const transport = new HeldAnswers();
  const client = env.client({ store: new MemoryStore(), transport, retry: { retries: 0 } });
  await client.balance();
  const used = env.used();

  // A search is answered (and charged); its answer is still on its way when the balance is asked for.
  const searchAnswer = transport.hold(/\/companies\/search$/);
  const search = client.call('company.search', { search_terms: ['acme'], 'page[size]': 5 });
  await searchAnswer.arrived;
  const balance = client.balance();
  if (await transport.sendsAtOnce()) await balance;
  searchAnswer.release();
  const [found] = await Promise.all([search, balance]);

  // Then another search is carried out and charged, but its answer arrives garbled.
  env.sandbox.faults.add({ method: 'POST', path: /\/companies\/search$/, kind: 'malformed' });
  const usedBefore = env.used();
  const error = await client.call('company.search', { search_terms: ['globex'], 'page[size]': 5 }).then(
    () => undefined,
    (e: { charged?: number }) => e,
  );
  const lostCharge = env.used() - usedBefore;
  expect(lostCharge).toBeGreaterThan(0);
  expect(error).toMatchObject({ charged: lostCharge });
  expect(env.used() - used).toBe(found.credits.charged + lostCharge);
  expect(client.summary().charged).toBe(env.used() - used);
});
