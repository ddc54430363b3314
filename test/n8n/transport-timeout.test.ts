/**
 * The provider's deadline covers the whole answer in n8n too. n8n's request helper stops its
 * deadline once the headers are in: a body that then stalls was dropped as if the user had
 * aborted (so a call the provider carried out, and may have charged, was not counted as an
 * answer lost), and a body that trickles in kept the workflow running without end. Run by n8n's
 * engine through its own request helper: the item fails with a timeout either way.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type {
  IAuthenticateGeneric,
  ICredentialTestRequest,
  ICredentialType,
  IExecuteFunctions,
  INodeExecutionData,
  INodeProperties,
  INodeType,
  INodeTypeDescription,
} from 'n8n-workflow';
import { credentialDescription } from '../../nodes/adapter/credential';
import { actionDescription } from '../../nodes/adapter/description';
import { executeAction } from '../../nodes/adapter/execute';
import { ADDITIONAL_FIELDS } from '../../nodes/adapter/fields';
import type { ProviderCatalog } from '../../shared/catalog/types';
import { toyCatalog } from '../unit/fixtures/toy-catalog';
import { itemsInto, output, PACKAGE, registerTypes, runWorkflow } from './harness';

/** The toy provider with a short deadline for a whole answer. */
const hastyToy: ProviderCatalog = { ...toyCatalog, timeoutMs: 300 };
const generated = credentialDescription(hastyToy);

class ToyApi implements ICredentialType {
  name = 'toyApi';
  displayName = 'Toy API';
  properties: INodeProperties[] = generated.properties;
  authenticate: IAuthenticateGeneric = generated.authenticate;
  test: ICredentialTestRequest = generated.test;
}

class HastyToy implements INodeType {
  description: INodeTypeDescription = actionDescription(hastyToy);
  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return executeAction(this, hastyToy);
  }
}

const TYPE = `${PACKAGE}.hastyToy`;
registerTypes({ [TYPE]: new HastyToy() }, { toyApi: new ToyApi() });

/** A provider that answers its balance, but sends a lookup's headers and half its body, then nothing or a byte now and then. */
async function stallingProvider(body: 'stalls' | 'trickles') {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let lookups = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    if (req.url?.startsWith('/balance')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"balance":100}');
      return;
    }
    lookups++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"found":tr');
    if (body === 'trickles') timers.add(setInterval(() => res.write(' '), 50));
  });
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    lookups: () => lookups,
    close: async () => {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

it.each(['stalls', 'trickles'] as const)('a lookup whose answer %s after its headers fails the item with a timeout', async (body) => {
  const provider = await stallingProvider(body);
  try {
    const wf = itemsInto(
      [{ email: 'ann@x.io' }],
      {
        parameters: { resource: 'person', operation: 'lookup', email: '={{$json.email}}', [ADDITIONAL_FIELDS]: {} } as never,
        credentials: { toyApi: { id: '1', name: 'Toy' } },
        onError: 'continueRegularOutput',
      },
      TYPE,
    );
    const credentials = { toyApi: { apiKey: 'toy_key_0123456789', baseUrl: provider.baseUrl, workspace: 'ws_7', tenant: 'acme' } };
    const { run } = await runWorkflow(wf, { credentials });
    expect(run.data.resultData.error).toBeUndefined();
    const [item] = output(run, 'Enrich');
    expect(provider.lookups()).toBeGreaterThan(0);
    expect(item!.json).toMatchObject({ error: expect.stringMatching(/no answer before the timeout/) });
  } finally {
    await provider.close();
  }
});
