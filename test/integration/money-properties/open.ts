/**
 * Violations known and owned elsewhere, shown as "open" in the tables (never hidden), keyed
 * `provider:operation`. None is open now: Leadfeeder's retrievals, which report no charge, are
 * measured from the account's credits around the call (shared/credits/balanceBracket.ts), so a
 * record subscribed where this client could not see it is booked 0. Add an entry only with the
 * issue that owns it; remove it once its fix lands.
 */
import type { Property } from './properties';

export const OPEN: Record<string, { property: Property; reason: string }> = {};
