import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { spendCredentialProperties } from '../nodes/adapter/spendCredential';

/**
 * The optional shared store (Redis) every Enrichflow node can select, so n8n queue-mode workers
 * share one rate budget, one batch job registry and one dedupe cache. Usually the same Redis
 * n8n's queue mode already runs on; keep the key prefix distinct from n8n's own ("bull").
 * Tested by the nodes' `enrichflowSharedStoreConnection` (connect + PING). It also holds the
 * team's spend limits: set once here, every workflow and worker using this store obeys them.
 */
export class EnrichflowSharedStoreApi implements ICredentialType {
  name = 'enrichflowSharedStoreApi';
  displayName = 'Enrichflow Shared Store (Redis) API';
  documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-enrichflow';
  icon: Icon = { light: 'file:../nodes/EnrichSo/enrichSo.svg', dark: 'file:../nodes/EnrichSo/enrichSo.dark.svg' };
  properties: INodeProperties[] = [
    { displayName: 'Host', name: 'host', type: 'string', default: 'localhost', required: true },
    { displayName: 'Port', name: 'port', type: 'number', default: 6379, required: true },
    { displayName: 'User', name: 'user', type: 'string', default: '', description: 'Leave blank for the default user (Redis before 6 has no users)' },
    { displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '' },
    { displayName: 'Database Number', name: 'database', type: 'number', default: 0, typeOptions: { minValue: 0 } },
    { displayName: 'SSL/TLS', name: 'ssl', type: 'boolean', default: false, description: 'Whether to connect over TLS (rediss://)' },
    {
      displayName: 'Key Prefix',
      name: 'keyPrefix',
      type: 'string',
      default: 'enrichflow:',
      description: 'Put before every key Enrichflow writes, so several n8n instances or environments can share one Redis without seeing each other',
    },
    ...spendCredentialProperties,
  ];
}
