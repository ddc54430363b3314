import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { smarte } from '@enrichflow/core/providers/smarte';
import { credentialDescription } from '../nodes/adapter/credential';

const generated = credentialDescription(smarte);

/**
 * SMARTe credential: fields, the `apikey` header and the free test call (one audit-only check)
 * come from the catalog (nodes/adapter/credential.ts). The literals below are what n8n's lint
 * checks; a test holds them to the catalog (name = `${catalog.id}Api`, documentationUrl = catalog.docsUrl).
 */
export class SmarteApi implements ICredentialType {
  name = 'smarteApi';
  displayName = 'SMARTe API';
  documentationUrl = 'https://docs.smarte.pro';
  icon: Icon = { light: 'file:../nodes/Smarte/smarte.svg', dark: 'file:../nodes/Smarte/smarte.dark.svg' };
  properties: INodeProperties[] = generated.properties;
  authenticate: IAuthenticateGeneric = generated.authenticate;
  test: ICredentialTestRequest = generated.test;
}
