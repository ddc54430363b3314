import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { influencersClub } from '@enrichflow/core/providers/influencersClub';
import { credentialDescription } from '../nodes/adapter/credential';

const generated = credentialDescription(influencersClub);

/**
 * Influencers.club credential: the key, the base URL, the readings where sources disagree and
 * the free credits call as its test all come from the catalog (nodes/adapter/credential.ts).
 * The literals below are what n8n's lint checks; a test holds them to the catalog.
 */
export class InfluencersClubApi implements ICredentialType {
  name = 'influencersClubApi';
  displayName = 'Influencers.club API';
  documentationUrl = 'https://docs.influencers.club';
  icon: Icon = { light: 'file:../nodes/InfluencersClub/influencersClub.svg', dark: 'file:../nodes/InfluencersClub/influencersClub.dark.svg' };
  properties: INodeProperties[] = generated.properties;
  authenticate: IAuthenticateGeneric = generated.authenticate;
  test: ICredentialTestRequest = generated.test;
}
