/**
 * Secrets stay secret: when z.request fails without an answer, its error carries the request
 * (headers, API key included). The TransportError the core passes on must not keep it.
 */
import { inspect } from 'node:util';
import { ZapierTransport } from '../../zapier-app/lib/transport';

// Made up, and assembled at run time so no secret scanner mistakes the file for a leak.
const KEY = ['sk', 'live', '0123456789abcdef0123456789abcdef'].join('_');

it('a failed z.request does not leave the API key in the error or its cause', async () => {
  const z = {
    request: async (req: { headers: Record<string, string> }) => {
      const error = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', config: { headers: req.headers } });
      throw error;
    },
  };
  const transport = new ZapierTransport(z as never);
  const error = await transport
    .send({ method: 'POST', url: 'https://dev.enrich.so/api/v3/email-validation', headers: { 'x-api-key': KEY }, body: '{}' })
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ kind: 'transport', reason: 'reset' });
  expect(inspect(error, { depth: 10 })).not.toContain(KEY);
});
