/**
 * Violations known and owned elsewhere, shown as "open" in the tables (never hidden): Leadfeeder
 * reports no charge for a retrieval, and a record subscribed where this client could not see it
 * (a website visitor, or a retrieval through another tool on the same account) is booked 1 where
 * the wallet moves 0 (issue 17, the Leadfeeder bookings bullets). Remove an entry once its fix lands.
 */
import type { Property } from './properties';

export const OPEN: Record<string, { property: Property; reason: string }> = Object.fromEntries(
  ['company.get', 'company.retrieve', 'contact.get', 'contact.retrieve'].map((k) => [
    `leadfeeder:${k}`,
    { property: '3 Σ item credits = wallet', reason: 'subscriptions this client did not see (visitors, other tools); retrievals report no charge' },
  ]),
);
