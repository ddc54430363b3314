import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { enrichLayer } from '@enrichflow/core/providers/enrichLayer';
import { credentialDescription } from '../nodes/adapter/credential';

const generated = credentialDescription(enrichLayer);

/**
 * EnrichLayer credential: fields, auth header and the free test call come from the catalog
 * (nodes/adapter/credential.ts). The literals below are what n8n's lint checks; a test holds
 * them to the catalog (name = `${catalog.id}Api`, documentationUrl = catalog.docsUrl).
 */
export class EnrichLayerApi implements ICredentialType {
  name = 'enrichLayerApi';
  displayName = 'EnrichLayer API';
  documentationUrl = 'https://enrichlayer.com/docs';
  icon: Icon = { light: 'file:../nodes/EnrichLayer/enrichLayer.svg', dark: 'file:../nodes/EnrichLayer/enrichLayer.dark.svg' };
  properties: INodeProperties[] = generated.properties;
  authenticate: IAuthenticateGeneric = generated.authenticate;
  test: ICredentialTestRequest = generated.test;
}
