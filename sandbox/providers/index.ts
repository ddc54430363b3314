/**
 * Every provider's sandbox, by the id of its manifest: the server mounts each at its manifest's
 * prefix and hands it `SandboxOptions[id]` as its configuration.
 */
import { EnrichSoSandbox } from './enrich-so';
import { EnrichLayerSandbox } from './enrichlayer';
import { InfluencersClubSandbox } from './influencers-club';
import { LeadfeederSandbox } from './leadfeeder';
import { SmarteSandbox } from './smarte';

export const SANDBOXES = {
  enrichSo: EnrichSoSandbox,
  enrichLayer: EnrichLayerSandbox,
  leadfeeder: LeadfeederSandbox,
  smarte: SmarteSandbox,
  influencersClub: InfluencersClubSandbox,
};

export type BuiltInSandboxes = { [Id in keyof typeof SANDBOXES]: InstanceType<(typeof SANDBOXES)[Id]> };

/** Each provider's configuration patch, under its id. */
export type SandboxConfigs = { [Id in keyof typeof SANDBOXES]?: NonNullable<ConstructorParameters<(typeof SANDBOXES)[Id]>[0]['config']> };
