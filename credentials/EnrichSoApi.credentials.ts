import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { enrichSo } from '@enrichflow/core/providers/enrichSo';
import { credentialDescription } from '../nodes/adapter/credential';

const generated = credentialDescription(enrichSo);

/**
 * Enrich.so credential: fields, auth header and the free test call come from the catalog
 * (nodes/adapter/credential.ts). The literals below are what n8n's lint checks; a test holds
 * them to the catalog (name = `${catalog.id}Api`, documentationUrl = catalog.docsUrl).
 */
export class EnrichSoApi implements ICredentialType {
  name = 'enrichSoApi';
  displayName = 'Enrich.so API';
  documentationUrl = 'https://doc.enrich.so';
  icon: Icon = { light: 'file:../nodes/EnrichSo/enrichSo.svg', dark: 'file:../nodes/EnrichSo/enrichSo.dark.svg' };
  properties: INodeProperties[] = generated.properties;
  authenticate: IAuthenticateGeneric = generated.authenticate;
  test: ICredentialTestRequest = generated.test;
}
