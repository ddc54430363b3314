import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { leadfeeder } from '@enrichflow/core/providers/leadfeeder';
import { credentialDescription } from '../nodes/adapter/credential';

const generated = credentialDescription(leadfeeder);

/**
 * Leadfeeder credential: the key, the Account ID (sent as `account_id`), the IP-path reading,
 * the auth header and the free test call (List accounts) come from the catalog
 * (nodes/adapter/credential.ts). The literals below are what n8n's lint checks.
 */
export class LeadfeederApi implements ICredentialType {
  name = 'leadfeederApi';
  displayName = 'Leadfeeder API';
  documentationUrl = 'https://docs.leadfeeder.com/api/public/';
  icon: Icon = { light: 'file:../nodes/Leadfeeder/leadfeeder.svg', dark: 'file:../nodes/Leadfeeder/leadfeeder.dark.svg' };
  properties: INodeProperties[] = generated.properties;
  authenticate: IAuthenticateGeneric = generated.authenticate;
  test: ICredentialTestRequest = generated.test;
}
