/**
 * The action nodes as AI Agent tools, through n8n's own code end to end:
 * - the tool node type comes from n8n's `convertNodeToAiTool` (it lives in the `n8n` CLI
 *   package in 2.41, not in n8n-workflow; loaded from the installed n8n in .tools), applied the
 *   way n8n's NodeTypes.getByNameAndVersion does at run time;
 * - an agent stand-in gets its tools the way n8n's AI Agent does — `getInputConnectionData
 *   (ai_tool)` in n8n-core, which builds each tool with `createNodeAsTool` (the description from
 *   n8n-workflow's getToolDescriptionForNode, the schema from the `$fromAI` parameters) — and
 *   calls `tool.invoke(args)` as a model's tool call would (the Agent v2 path; the v3 agent
 *   gets the same tools, then runs the calls as engine requests through the same execute);
 * - the tool calls reach the sandbox over HTTP, and the wallet says what they really cost.
 */
import type { EngineRequest, EngineResponse, IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { catalogs, providers } from '../../shared/providers';
import { EnrichSo } from '../../nodes/EnrichSo/EnrichSo.node';
import { planCatalog } from '../../nodes/adapter/operations';
import { ToolBudgets } from '../../nodes/adapter/tool';
import { AgentStandIn, asTool, withN8n } from './agentTool';
import { output, PACKAGE, registerTypes, runWorkflow, type WorkflowJson } from './harness';
import { packageNodes } from './packageClasses';

/**
 * Stand-in for n8n's AI Agent v3, which runs a model's tool calls as engine requests: it returns
 * the calls as actions, n8n-core's WorkflowExecute runs the tool node once per call (its input the
 * call's arguments) and resumes the agent with what each run output.
 */
class EngineAgentStandIn implements INodeType {
  description: INodeTypeDescription = { ...new AgentStandIn().description, name: 'engineAgent', displayName: 'Engine Agent' };
  async execute(this: IExecuteFunctions, response?: EngineResponse): Promise<INodeExecutionData[][] | EngineRequest> {
    // n8n-core passes an empty response on the first run: no tool has answered yet.
    if (!response?.actionResponses.length) {
      const calls = JSON.parse(this.getNodeParameter('calls', 0) as string) as IDataObject[];
      return {
        actions: calls.map((input, i) => ({
          actionType: 'ExecutionNodeAction',
          nodeName: TOOL_NODE,
          input,
          type: NodeConnectionTypes.AiTool,
          id: `call-${i}`,
          metadata: {},
        })),
        metadata: {},
      };
    }
    const answers = response.actionResponses.map((r) => ({
      id: r.action.id,
      answer: r.data.data?.[NodeConnectionTypes.AiTool]?.[0]?.map((item) => item?.json ?? null) ?? null,
    }));
    return [[{ json: { answers } as IDataObject }]];
  }
}

const TOOL_NODE = 'Find Email in Enrich.so';
const enrichSoTool = `${PACKAGE}.enrichSoTool`;

let sandbox: Sandbox;
let credentials: { enrichSoApi: { apiKey: string; baseUrl: string } };

withN8n('the action nodes as AI Agent tools', () => {
  beforeAll(async () => {
    registerTypes({ [enrichSoTool]: asTool(new EnrichSo()), 'test.agent': new AgentStandIn(), 'test.engineAgent': new EngineAgentStandIn() });
    sandbox = await startSandbox({ port: 0 });
    credentials = { enrichSoApi: { apiKey: sandbox.providers.enrichSo.apiKey, baseUrl: sandbox.providers.enrichSo.baseUrl } };
  });
  afterAll(() => sandbox?.close());

  test('every operation of every action node gets a tool description that states its cost (n8n adds no description field of its own)', () => {
    // Every provider's action node: the class its manifest names.
    const nodes: Array<[string, INodeType]> = providers.map(({ manifest }) => [manifest.id, packageNodes[manifest.n8n.className]!]);
    for (const [id, node] of nodes) {
      const tool = asTool(node);
      expect(tool.description.name).toBe(`${id}Tool`);
      expect(tool.description.outputs).toEqual([NodeConnectionTypes.AiTool]);
      // n8n only adds its "auto" description (action + node name, no cost) when the node has none.
      expect(tool.description.properties.some((p) => p.name === 'descriptionType')).toBe(false);
      for (const plan of planCatalog(catalogs[id])) {
        const parameters = NodeHelpers.getNodeParameters(
          tool.description.properties,
          { resource: plan.op.resource, operation: plan.op.operation },
          true,
          false,
          { typeVersion: 1 } as never,
          tool.description,
        )!;
        const text = NodeHelpers.getToolDescriptionForNode({ parameters } as never, tool);
        expect(text).toContain(`Cost: ${plan.op.cost.summary}`);
        expect(text).toContain(catalogs[id].displayName);
        if (!plan.op.cost.free) expect(text).toContain('credit budget');
      }
    }
    // The plain (non-tool) node shows no tool description.
    const plain = NodeHelpers.getNodeParameters(
      new EnrichSo().description.properties,
      { resource: 'emailFinder', operation: 'find' },
      true,
      false,
      { typeVersion: 1 } as never,
      new EnrichSo().description,
    )!;
    expect(plain.toolDescription).toBeUndefined();
  });

  const findEmailAgent = (calls: IDataObject[], budget: number, agentType = 'test.agent'): WorkflowJson => ({
    nodes: [
      { id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 'agent', name: 'Agent', type: agentType, typeVersion: 1, position: [200, 0], parameters: { calls: JSON.stringify(calls) } },
      {
        id: 'tool',
        // The editor's default name for this operation: "<action> in <node>".
        name: 'Find Email in Enrich.so',
        type: enrichSoTool,
        typeVersion: 1,
        position: [200, 200],
        credentials: { enrichSoApi: { id: '1', name: 'Enrich.so sandbox' } },
        parameters: {
          resource: 'emailFinder',
          operation: 'find',
          firstName: "={{ $fromAI('firstName', 'First name of the person', 'string') }}",
          lastName: "={{ $fromAI('lastName', 'Last name of the person', 'string') }}",
          domain: "={{ $fromAI('domain', 'Website domain of their company', 'string') }}",
          options: { creditBudget: budget },
        },
      },
    ],
    // n8n's default for new workflows; the engine-request path (agent v3) resumes the agent after its tools only in v1.
    settings: { executionOrder: 'v1' },
    connections: {
      Start: { main: [[{ node: 'Agent', type: 'main', index: 0 }]] },
      'Find Email in Enrich.so': { [NodeConnectionTypes.AiTool]: [[{ node: 'Agent', type: NodeConnectionTypes.AiTool, index: 0 }]] },
    },
  });

  const finderRequests = () => sandbox.providers.enrichSo.requests().filter((r) => r.path.endsWith('/email-finder')).length;
  const wallet = () => sandbox.providers.enrichSo.wallet().balance;

  test('an agent finds an email through the tool, pays exactly what the tool reports, and a second call over the budget of 15 is refused before it is sent', async () => {
    const before = wallet();
    const requestsBefore = finderRequests();
    const { run } = await runWorkflow(
      findEmailAgent(
        [
          { firstName: 'Ada', lastName: 'Lovelace', domain: 'acme.com' },
          { firstName: 'Grace', lastName: 'Hopper', domain: 'globex.com' },
        ],
        15,
      ),
      { credentials },
    );
    const [agent] = output(run, 'Agent');
    const {
      name,
      description,
      arguments: args,
      answers,
    } = agent.json as { name: string; description: string; arguments: string[]; answers: Array<{ answer?: IDataObject[]; thrown?: string }> };

    // What the model sees: the tool's name, its description with the catalog's cost, the $fromAI arguments.
    expect(name).toBe('Find_Email_in_Enrich_so');
    expect(description).toContain('Find Email in Enrich.so');
    expect(description).toContain(`Cost: ${catalogs.enrichSo.operations.find((o) => o.key === 'emailFinder.find')!.cost.summary}`);
    expect(description).toContain('credit budget');
    expect(args).toEqual(['domain', 'firstName', 'lastName']);

    // First call: the enriched record and what it cost.
    const first = answers[0].answer![0];
    expect(first.email).toBe('ada.lovelace@acme.com');
    expect(first.found).toBe(true);
    const credits = first._credits as IDataObject;
    expect(credits.charged).toBe(10);
    expect(credits).toMatchObject({ spentThisRun: 10, budget: 15, budgetLeft: 5 });
    expect(before - wallet()).toBe(credits.charged);

    // Second call: 10 more could reach 20 > 15, so it is refused with words the agent can act on, and never sent.
    expect(answers[1].thrown).toBeUndefined();
    const refused = answers[1].answer![0];
    expect(refused.refused).toBe('credit_budget');
    expect(refused.error).toMatch(
      /^Refused by the credit budget: this call may cost up to 10 credits but only 5 of the budget of 15 credits for this run are left \(10 spent\)\. Nothing was sent/,
    );
    expect(refused._credits).toMatchObject({ charged: 0, spentThisRun: 10, budgetLeft: 5 });
    expect(finderRequests() - requestsBefore).toBe(1);
    expect(before - wallet()).toBe(10);
  });

  test('the budget is per execution: a new execution of the same agent starts with the whole budget again', async () => {
    const before = wallet();
    const { run } = await runWorkflow(findEmailAgent([{ firstName: 'Katherine', lastName: 'Johnson', domain: 'nasa.gov' }], 15), { credentials });
    const [agent] = output(run, 'Agent');
    const answer = (agent.json.answers as Array<{ answer: IDataObject[] }>)[0].answer[0];
    expect(answer.email).toBe('katherine.johnson@nasa.gov');
    expect(answer._credits).toMatchObject({ charged: 10, spentThisRun: 10, budgetLeft: 5 });
    expect(before - wallet()).toBe(10);
  });

  test('the v3 agent path (tool calls as engine requests run by WorkflowExecute): the same budget across the calls, the refusal is the answer', async () => {
    const before = wallet();
    const requestsBefore = finderRequests();
    const { run } = await runWorkflow(
      findEmailAgent(
        [
          { firstName: 'Alan', lastName: 'Turing', domain: 'bletchley.uk' },
          { firstName: 'Joan', lastName: 'Clarke', domain: 'bletchley.uk' },
        ],
        15,
        'test.engineAgent',
      ),
      { credentials },
    );
    const [agent] = output(run, 'Agent');
    const answers = (agent.json.answers as Array<{ answer: IDataObject[] }>).map((a) => a.answer[0]);
    expect(answers).toHaveLength(2);
    const found = answers.filter((a) => a.found === true);
    const refused = answers.filter((a) => a.refused === 'credit_budget');
    expect(found).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(found[0]._credits).toMatchObject({ charged: 10, spentThisRun: 10, budgetLeft: 5 });
    expect(refused[0].error).toMatch(/^Refused by the credit budget/);
    expect(finderRequests() - requestsBefore).toBe(1);
    expect(before - wallet()).toBe(10);
  });
});

test('parallel tool calls of one execution take turns, so together they cannot overshoot the budget', async () => {
  const budgets = new ToolBudgets();
  const call = () =>
    budgets.run('execution-1\u0000Find Email', 15, async (left) => {
      await new Promise((r) => setTimeout(r, 20));
      return left !== undefined && left >= 10 ? { value: 'sent', spent: 10 } : { value: 'refused', spent: 0 };
    });
  expect((await Promise.all([call(), call(), call()])).sort()).toEqual(['refused', 'refused', 'sent']);
  expect(budgets.spent('execution-1\u0000Find Email')).toBe(10);
  // Another execution has its own budget.
  expect(await budgets.run('execution-2\u0000Find Email', 15, async (left) => ({ value: left, spent: 0 }))).toBe(15);
});
