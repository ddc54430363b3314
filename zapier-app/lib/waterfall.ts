/**
 * The Enrichflow Waterfall as its own Zapier integration. Zapier gives an integration one
 * authentication, and the per-provider integrations each hold one service; a waterfall needs
 * several keys at once, so it is a combined integration whose connection holds every provider's
 * key — each optional: only the providers with a key take part. One create per goal.
 */
import {
  BudgetGuard,
  catalogs,
  credentialTest,
  credits,
  type EnrichflowClient,
  GOALS,
  goalFields,
  type Lead,
  type ProviderCatalog,
  runWaterfall,
  ValidationError,
  type WaterfallGoal,
  type WaterfallResult,
} from '../../shared';
import { AUTH_FIELDS, type RunContext, runContext } from './context';
import { toZapierError } from './errors';
import { budgetFrom, MAX_CREDITS_KEY, maxCreditsField } from './fields';
import { META_KEY } from './run';
import { StepClock } from './step-clock';
import type { Z, ZAction, ZApp, ZBundle, ZField } from './zapier';

/** Providers that take part in some waterfall, in the core's order. */
const WATERFALL_CATALOGS: ProviderCatalog[] = Object.values(catalogs).filter((c) => (c.capabilities?.length ?? 0) > 0);

/** A provider's connection field: `enrichSo_apiKey`. */
const fieldKey = (catalog: ProviderCatalog, name: string) => `${catalog.id}_${name}`;

function authFields(): ZField[] {
  return WATERFALL_CATALOGS.flatMap((catalog): ZField[] => [
    {
      key: fieldKey(catalog, AUTH_FIELDS.apiKey),
      label: `${catalog.displayName} API Key`,
      type: 'password',
      required: false,
      helpText: `Optional: with it, ${catalog.displayName} takes part in your waterfalls (${catalog.docsUrl}). Sent only to ${catalog.displayName}.`,
    },
    {
      key: fieldKey(catalog, AUTH_FIELDS.baseUrl),
      label: `${catalog.displayName} Base URL`,
      type: 'string',
      required: false,
      helpText: `Leave empty for ${catalog.baseUrl}; the Enrichflow sandbox's URL for a free dry run.`,
    },
    ...(catalog.credentialFields ?? []).map(
      (f): ZField => ({
        key: fieldKey(catalog, f.name),
        label: `${catalog.displayName} ${f.displayName}`,
        type: f.secret ? 'password' : 'string',
        required: false,
        helpText: `${f.description} (needed with a ${catalog.displayName} key)`,
      }),
    ),
    ...(catalog.rateSetting
      ? [
          {
            key: fieldKey(catalog, AUTH_FIELDS.requestRate),
            label: `${catalog.displayName} Requests per ${catalog.rateSetting.per === 'second' ? 'Second' : 'Minute'}`,
            type: 'number' as const,
            required: false,
            helpText: catalog.rateSetting.description,
          },
        ]
      : []),
  ]);
}

/** The connection's values for one provider, under the names its own integration uses. */
function providerBundle(bundle: ZBundle, catalog: ProviderCatalog): ZBundle | undefined {
  const auth = (bundle.authData ?? {}) as Record<string, unknown>;
  if (!String(auth[fieldKey(catalog, AUTH_FIELDS.apiKey)] ?? '').trim()) return undefined;
  const prefix = `${catalog.id}_`;
  const own = Object.fromEntries(
    Object.entries(auth)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  );
  return { ...bundle, authData: own as Record<string, string> };
}

function configured(bundle: ZBundle): { catalog: ProviderCatalog; bundle: ZBundle }[] {
  return WATERFALL_CATALOGS.flatMap((catalog) => {
    const own = providerBundle(bundle, catalog);
    return own ? [{ catalog, bundle: own }] : [];
  });
}

function noProvider(): ValidationError {
  const names = WATERFALL_CATALOGS.map((c) => c.displayName).join(', ');
  return new ValidationError(`The connection has no provider key: add the API key of at least one of ${names}`, [
    { field: 'apiKey', rule: 'at least one provider key' },
  ]);
}

function authentication(): Record<string, unknown> {
  return {
    type: 'custom',
    fields: authFields(),
    // Each configured key is checked with its provider's free credential test.
    test: async (z: Z, bundle: ZBundle) => {
      try {
        const providers = configured(bundle);
        if (providers.length === 0) throw noProvider();
        for (const { catalog, bundle: own } of providers) {
          const { client } = runContext(z, own, catalog);
          const { op, input } = credentialTest(catalog);
          await client.call(op.key, input, { noCache: true });
        }
        return { providers: providers.map((p) => p.catalog.displayName).join(', ') };
      } catch (error) {
        throw toZapierError(z, error, { testingAuth: true });
      }
    },
    connectionLabel: (_z: Z, bundle: ZBundle) => (bundle.inputData as { providers?: string } | undefined)?.providers ?? '',
  };
}

const ACTIONS: { goal: WaterfallGoal; key: string; noun: string }[] = [
  { goal: 'workEmail', key: 'findWorkEmail', noun: 'Work Email' },
  { goal: 'mobilePhone', key: 'findMobilePhone', noun: 'Phone' },
  { goal: 'personFromEmail', key: 'findPersonFromEmail', noun: 'Person' },
  { goal: 'companyFromDomain', key: 'findCompanyFromDomain', noun: 'Company' },
  { goal: 'companyFromIp', key: 'findCompanyFromIp', noun: 'Company' },
];

function providersFor(goal: WaterfallGoal): ProviderCatalog[] {
  return WATERFALL_CATALOGS.filter((c) => c.capabilities?.some((cap) => cap.goal === goal));
}

function inputFields(goal: WaterfallGoal): ZField[] {
  const providers = providersFor(goal);
  const leadFields = goalFields(
    goal,
    providers.flatMap((c) => c.capabilities ?? []),
  ).map((f): ZField => ({ key: f.name, label: f.label, type: 'string', required: false, helpText: f.help }));
  return [
    ...leadFields,
    {
      key: 'order',
      label: 'Order',
      type: 'string',
      required: false,
      default: 'cheapest',
      choices: [
        { value: 'cheapest', label: 'Cheapest first (free answers first, then by price)', sample: 'cheapest' },
        { value: 'given', label: 'As listed in Providers', sample: 'given' },
      ],
    },
    {
      key: 'providers',
      label: 'Providers',
      type: 'string',
      list: true,
      required: false,
      choices: providers.map((c) => ({ value: c.id, label: c.displayName, sample: c.id })),
      helpText: 'Which providers take part, in this order. Empty: every provider with a key in the connection.',
    },
    ...(goal === 'workEmail'
      ? [
          {
            key: 'verify',
            label: 'Verify Found Email',
            type: 'boolean' as const,
            required: false,
            default: 'false',
            helpText:
              'Check a found email with Enrich.so email validation (1 credit; risky is free): a risky or invalid email moves on to the next provider. Needs the Enrich.so key.',
          },
        ]
      : []),
    {
      ...maxCreditsField(),
      helpText: 'Optional. Most credits all providers together may charge in this step; steps that could go over are not sent and the result says so.',
    },
  ];
}

function resultRecord(result: WaterfallResult): Record<string, unknown> {
  return {
    found: result.found,
    ...(result.value ?? {}),
    provider: result.provider,
    goal: result.goal,
    steps: result.steps,
    [META_KEY]: { creditsCharged: result.credits, creditsSource: 'waterfall' },
  };
}

function action(a: (typeof ACTIONS)[number]): ZAction {
  const providers = providersFor(a.goal)
    .map((c) => c.displayName)
    .join(', ');
  return {
    key: a.key,
    noun: a.noun,
    display: {
      label: `Find ${GOALS[a.goal].displayName} (Waterfall)`,
      description: `Finds ${GOALS[a.goal].about}: asks ${providers} in turn, cheapest first, and stops at the first valid hit.`,
    },
    operation: {
      inputFields: inputFields(a.goal),
      outputFields: [
        { key: 'found', label: 'Found', type: 'boolean' },
        { key: 'provider', label: 'Provider' },
      ],
      sample: { found: true, provider: 'smarte', goal: a.goal, steps: [], [META_KEY]: { creditsCharged: 1, creditsSource: 'waterfall' } },
      perform: async (z: Z, bundle: ZBundle) => {
        let contexts: RunContext[] = [];
        try {
          const input = (bundle.inputData ?? {}) as Record<string, unknown>;
          const budget = budgetFrom(input);
          if (Number.isNaN(budget))
            throw new ValidationError('Max Credits must be a number of credits (0 or more)', [{ field: MAX_CREDITS_KEY, rule: 'a number >= 0' }]);
          const guard = new BudgetGuard(budget === undefined ? undefined : credits(budget));
          const clock = new StepClock();
          contexts = configured(bundle).map(({ catalog, bundle: own }) => runContext(z, own, catalog, { budgetGuard: guard, clock }));
          const all = contexts.map((c) => c.client);
          if (all.length === 0) throw noProvider();
          const listed = Array.isArray(input.providers)
            ? (input.providers as unknown[]).map(String)
            : typeof input.providers === 'string' && input.providers
              ? [input.providers]
              : [];
          const finders = (
            listed.length ? listed.map((id) => all.find((c) => c.provider.id === id)).filter((c): c is EnrichflowClient => c !== undefined) : all
          ).filter((c) => c.provider.capabilities?.some((cap) => cap.goal === a.goal));
          const lead: Lead = {};
          for (const { name } of goalFields(
            a.goal,
            finders.flatMap((c) => c.provider.capabilities ?? []),
          ))
            if (input[name] !== undefined && input[name] !== '') lead[name] = String(input[name]);
          const verify = input.verify === true || input.verify === 'true';
          const { outcomes } = await runWaterfall([lead], {
            goal: a.goal,
            clients: finders,
            verifiers: all,
            verify,
            order: input.order === 'given' ? 'given' : 'cheapest',
            mode: 'rows',
          });
          const outcome = outcomes[0]!;
          if (!outcome.ok) throw outcome.error;
          return resultRecord(outcome.value);
        } catch (error) {
          throw toZapierError(z, error);
        } finally {
          // Every provider's settles written before the step ends (the spend report's rows).
          await Promise.all(contexts.map((c) => c.spend.flush()));
        }
      },
    },
  };
}

export function buildWaterfallApp(opts: { version: string; platformVersion: string }): ZApp {
  return {
    version: opts.version,
    platformVersion: opts.platformVersion,
    authentication: authentication(),
    flags: { skipHttpPatch: true },
    triggers: {},
    searches: {},
    creates: Object.fromEntries(ACTIONS.map((a) => [a.key, action(a)])),
  };
}
