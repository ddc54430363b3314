/**
 * The Waterfall node's resources and operations: one operation per goal, and the catalogs that
 * take part in a waterfall (those that declare capabilities or verifiers), from the core.
 */
import { catalogs, type ProviderCatalog, type WaterfallGoal } from '@enrichflow/core';

export interface GoalOperation {
  resource: string;
  operation: string;
  goal: WaterfallGoal;
  action: string;
}

export const GOAL_OPERATIONS: GoalOperation[] = [
  { resource: 'email', operation: 'findWork', goal: 'workEmail', action: 'Find Work Email' },
  { resource: 'phone', operation: 'findMobile', goal: 'mobilePhone', action: 'Find Mobile Phone' },
  { resource: 'person', operation: 'findFromEmail', goal: 'personFromEmail', action: 'Find Person From Email' },
  { resource: 'company', operation: 'findFromDomain', goal: 'companyFromDomain', action: 'Find Company From Domain' },
  { resource: 'company', operation: 'findFromIp', goal: 'companyFromIp', action: 'Find Company From IP' },
];

/** Providers that can take part in some waterfall, in the core's catalog order. */
export const WATERFALL_CATALOGS: ProviderCatalog[] = Object.values(catalogs).filter((c) => (c.capabilities?.length ?? 0) > 0 || (c.verifiers?.length ?? 0) > 0);

export function catalogsFor(goal: WaterfallGoal): ProviderCatalog[] {
  return WATERFALL_CATALOGS.filter((c) => c.capabilities?.some((cap) => cap.goal === goal));
}

export function goalOf(resource: string, operation: string): GoalOperation | undefined {
  return GOAL_OPERATIONS.find((g) => g.resource === resource && g.operation === operation);
}
