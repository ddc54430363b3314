/** Enrich.so in the fault matrix: email validation (single and batch), Lead Finder search (paged). */
import { enrichSo } from '../../../shared/providers/enrichSo';
import type { MatrixSubject } from './subject';

const emails = Array.from({ length: 40 }, (_, i) => `matrix.${i}@${['acme.com', 'globex.com', 'initech.io'][i % 3]}`);

export const enrichSoSubject: MatrixSubject = {
  name: 'Enrich.so',
  catalog: enrichSo,
  provider: (sandbox) => {
    const es = sandbox.providers.enrichSo;
    return {
      baseUrl: es.baseUrl,
      apiKey: es.apiKey,
      balance: () => es.wallet().balance,
      transactions: () => es.wallet().transactions(),
      setBalance: (n) => es.wallet().setBalance(n),
      configure: (patch) => es.configure(patch),
    };
  },
  drainAfter: (items) => ({ jobFaults: { drainAfterItems: items } }),
  callbacks: ({ duplicate = false, outOfOrder = false }) => ({ jobFaults: { duplicateCallbacks: duplicate, outOfOrderCallbacks: outOfOrder } }),
  single: { op: 'emailValidation.validate', inputs: emails.slice(0, 4).map((email) => ({ email })), path: /\/email-validation$/ },
  // 25 a page: pages 1–3 are free, page 4 charges 1 credit a result.
  list: { op: 'leadFinder.search', input: { filters: { countryCode: ['US'] }, pageSize: 25 }, limit: 100, path: /\/lead-finder\/search$/, faultPage: 4 },
  batch: {
    name: 'emailValidation',
    items: emails,
    submitPath: /\/email-validation\/batch$/,
    statusPath: /\/email-validation\/batch\/[0-9a-f]{24}$/,
    resultsPath: /\/email-validation\/batch\/[0-9a-f]{24}\/results/,
  },
};
