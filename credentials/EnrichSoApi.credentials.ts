import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { catalogs } from '../shared/providers';
import { credentialDescription } from '../nodes/shared/credential';

const generated = credentialDescription(catalogs.enrichSo, { light: 'file:../nodes/EnrichSo/enrichSo.svg', dark: 'file:../nodes/EnrichSo/enrichSo.dark.svg' });

/** Enrich.so credential: everything comes from the catalog (see nodes/shared/credential.ts). */
export class EnrichSoApi implements ICredentialType {
  name = 'enrichSoApi';
  displayName = 'Enrich.so API';
  documentationUrl = generated.documentationUrl;
  icon: Icon = generated.icon!;
  properties: INodeProperties[] = generated.properties;
  authenticate: IAuthenticateGeneric = generated.authenticate as IAuthenticateGeneric;
  test: ICredentialTestRequest = generated.test!;
}
