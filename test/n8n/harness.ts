/**
 * Runs workflows through n8n's own engine in-process: `WorkflowExecute` from n8n-core, the real
 * node classes, a small credentials helper, real HTTP to the sandbox. Also plays n8n's
 * waiting-webhook service (resume a waiting execution through the node's `webhook()`), the
 * way packages/cli does it, so the resume path runs through n8n-core's WebhookContext.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// n8n-core reads its instance settings (HMAC secret for resume URLs) from here.
process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'enrichflow-n8n-'));

import { ExecutionLifecycleHooks, PollContext, WebhookContext, WorkflowExecute } from 'n8n-core';
import {
  type ICredentialDataDecryptedObject,
  ICredentialsHelper,
  type ICredentialType,
  type IDataObject,
  type IHttpRequestOptions,
  type INode,
  type INodeExecutionData,
  type INodeType,
  type INodeTypes,
  type IRun,
  type IRunExecutionData,
  type IWebhookData,
  type IWorkflowBase,
  type IWorkflowExecuteAdditionalData,
  Workflow,
} from 'n8n-workflow';
import { packageCredentials, packageNodes } from './packageClasses';
import { CodeStandIn, FilterStandIn, ItemsSource, ManualTrigger } from './standInNodes';

export const PACKAGE = 'n8n-nodes-enrichflow';

const nodeClasses: Record<string, INodeType> = {
  // Every node of the package, as `n8n-nodes-enrichflow.<name>` (packageClasses.ts finds them).
  ...Object.fromEntries(Object.values(packageNodes).map((node) => [`${PACKAGE}.${node.description.name}`, node])),
  'test.items': new ItemsSource(),
  'n8n-nodes-base.manualTrigger': new ManualTrigger(),
  'n8n-nodes-base.code': new CodeStandIn(),
  'n8n-nodes-base.filter': new FilterStandIn(),
};

/** A node type (and its credential) for one test file: toy catalogs through the same engine. */
export function registerNodeType(type: string, node: INodeType, credential?: { name: string; type: ICredentialType }): void {
  nodeClasses[type] = node;
  if (credential) credentialTypes[credential.name] = credential.type;
}

export const nodeTypes: INodeTypes = {
  getByName: (type) => nodeClasses[type],
  getByNameAndVersion: (type) => {
    const t = nodeClasses[type];
    if (!t) throw new Error(`unknown node type ${type}`);
    return t;
  },
  getKnownTypes: () => ({}),
};

const credentialTypes: Record<string, ICredentialType> = Object.fromEntries(
  Object.values(packageCredentials).map((credential) => [credential.name, credential]),
);

/** A test's own node and credential classes (e.g. the toy provider's), run like the packaged ones. */
export function registerTypes(nodes: Record<string, INodeType>, credentials: Record<string, ICredentialType> = {}): void {
  Object.assign(nodeClasses, nodes);
  Object.assign(credentialTypes, credentials);
}

/** Applies a credential type's generic `authenticate` the way n8n's CredentialsHelper does. */
class CredentialsHelper extends ICredentialsHelper {
  constructor(private readonly byType: Record<string, ICredentialDataDecryptedObject>) {
    super();
  }
  getParentTypes() {
    return [];
  }
  isCredentialUsableByNode() {
    return true;
  }
  async authenticate(credentials: ICredentialDataDecryptedObject, typeName: string, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
    const auth = credentialTypes[typeName]?.authenticate;
    if (!auth || typeof auth === 'function' || auth.type !== 'generic') return request;
    const resolve = (v: string) => v.replace(/^=/, '').replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, k: string) => String(credentials[k] ?? ''));
    const headers = { ...(request.headers ?? {}) } as IDataObject;
    for (const [k, v] of Object.entries((auth.properties.headers ?? {}) as Record<string, string>)) headers[k] = resolve(v);
    return { ...request, headers };
  }
  async preAuthentication() {
    return undefined;
  }
  async runPreAuthentication() {
    return undefined;
  }
  async getCredentials(): Promise<never> {
    throw new Error('not used');
  }
  async getDecrypted(_a: unknown, _n: unknown, type: string) {
    const c = this.byType[type];
    if (!c) throw new Error(`no test credential for ${type}`);
    return c;
  }
  async updateCredentials() {}
  async updateCredentialsOauthTokenData() {}
  getCredentialsProperties() {
    return [];
  }
}

export interface RunOptions {
  credentials?: Record<string, ICredentialDataDecryptedObject>;
  executionId?: string;
  /** Where resume URLs point (a test's waiting server, see waitingServer.ts); default a closed port. */
  waitingBaseUrl?: string;
}

let executionCounter = 0;

function additionalData(
  credentials: Record<string, ICredentialDataDecryptedObject>,
  executionId: string,
  workflowData: IWorkflowBase,
  waitingBaseUrl = 'http://127.0.0.1:5678/webhook-waiting',
) {
  const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
  let resolveRun!: (run: IRun) => void;
  const done = { promise: new Promise<IRun>((r) => (resolveRun = r)) };
  hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));
  const data = {
    hooks,
    credentialsHelper: new CredentialsHelper(credentials),
    executionId,
    restApiUrl: 'http://127.0.0.1:5678/rest',
    instanceBaseUrl: 'http://127.0.0.1:5678/',
    formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
    webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
    webhookWaitingBaseUrl: waitingBaseUrl,
    webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
    currentNodeParameters: undefined,
    variables: {},
    userId: 'test-user',
    executeWorkflow: async () => {
      throw new Error('not used');
    },
    getRunExecutionData: async () => undefined,
    logAiEvent: () => undefined,
    startRunnerTask: async () => {
      throw new Error('not used');
    },
  } as unknown as IWorkflowExecuteAdditionalData;
  return { data, done: done.promise };
}

export interface WorkflowJson {
  id?: string;
  name?: string;
  nodes: INode[];
  connections: IWorkflowBase['connections'];
  settings?: IWorkflowBase['settings'];
  staticData?: IDataObject;
}

export function toWorkflow(json: WorkflowJson): Workflow {
  return new Workflow({
    id: json.id ?? 'wf',
    name: json.name,
    nodes: json.nodes,
    connections: json.connections,
    active: false,
    nodeTypes,
    settings: json.settings,
    staticData: json.staticData,
  });
}

/** Run a whole workflow from its start node (the first node without inputs). */
export async function runWorkflow(json: WorkflowJson, opts: RunOptions = {}): Promise<{ run: IRun; workflow: Workflow; executionId: string }> {
  const workflow = toWorkflow(json);
  const executionId = opts.executionId ?? String(++executionCounter);
  const workflowData = {
    id: workflow.id,
    name: json.name ?? 'test',
    nodes: json.nodes,
    connections: json.connections,
    active: false,
    activeVersionId: null,
    isArchived: false,
    createdAt: new Date(),
    updatedAt: new Date(),
  } as unknown as IWorkflowBase;
  const { data, done } = additionalData(opts.credentials ?? {}, executionId, workflowData, opts.waitingBaseUrl);
  const start = json.nodes.find((n) => nodeTypes.getByNameAndVersion(n.type).description.inputs.length === 0) ?? json.nodes[0];
  const runData: IRunExecutionData = {
    // As n8n's createRunExecutionData: every execution gets a token its resume URL must carry.
    resumeToken: randomBytes(16).toString('hex'),
    resultData: { runData: {} },
    executionData: {
      contextData: {},
      metadata: {},
      waitingExecution: {},
      waitingExecutionSource: null,
      nodeExecutionStack: [{ node: workflow.getNode(start.name)!, data: { main: [[{ json: {} }]] }, source: null }],
    },
  } as unknown as IRunExecutionData;
  const execute = new WorkflowExecute(data, 'manual', runData);
  await execute.processRunExecutionData(workflow);
  return { run: await done, workflow, executionId };
}

/**
 * What n8n's WaitingWebhooks does when a provider calls a waiting execution's resume URL:
 * run the node's webhook() with the stored execution; if it returned data, continue the
 * execution with it (the node itself disabled, as n8n does).
 */
export async function deliverToWaiting(
  waiting: { run: IRun; workflow: Workflow; executionId: string },
  req: { body: unknown; query: Record<string, string> },
  opts: RunOptions = {},
): Promise<{ status: number; body: unknown; resumed?: IRun }> {
  const runData = structuredClone(waiting.run.data) as IRunExecutionData;
  // n8n's WaitingWebhooks first checks the resume URL's `signature` against the execution's token.
  if (!runData.resumeToken || req.query.signature !== runData.resumeToken) return { status: 401, body: { error: 'Invalid token' } };
  const stack = runData.executionData!.nodeExecutionStack[0];
  const node = stack.node;
  const webhookData = { httpMethod: 'POST', node: node.name, path: '', webhookDescription: {}, workflowId: waiting.workflow.id } as unknown as IWebhookData;
  const workflowData = {
    id: waiting.workflow.id,
    name: 'test',
    nodes: Object.values(waiting.workflow.nodes),
    connections: waiting.workflow.connectionsBySourceNode,
  } as unknown as IWorkflowBase;
  const { data } = additionalData(opts.credentials ?? {}, waiting.executionId, workflowData);
  const response = fakeResponse();
  (data as unknown as { httpRequest: unknown }).httpRequest = { body: req.body, query: req.query, headers: {}, params: {} };
  (data as unknown as { httpResponse: unknown }).httpResponse = response;
  const ctx = new WebhookContext(waiting.workflow, node, data, 'webhook', webhookData, [], runData);
  const type = nodeTypes.getByNameAndVersion(node.type);
  const result = await type.webhook!.call(ctx);
  if (result.noWebhookResponse) return { status: response.statusCode, body: response.body };
  if (result.workflowData === undefined) return { status: 200, body: result.webhookResponse };

  node.disabled = true;
  runData.waitTill = undefined;
  runData.resultData.runData[node.name].pop();
  stack.data.main = result.workflowData;
  stack.metadata = { ...stack.metadata, forwardAllOutputs: true };
  const again = additionalData(opts.credentials ?? {}, waiting.executionId, workflowData);
  await new WorkflowExecute(again.data, 'webhook', runData).processRunExecutionData(waiting.workflow);
  return { status: 200, body: result.webhookResponse, resumed: await again.done };
}

/**
 * What n8n's WaitTracker does when a waiting execution's `waitTill` passes without a callback:
 * run the stored execution on (n8n-core disables the waiting node and passes its input on).
 */
export async function resumeAfterTimeout(waiting: { run: IRun; workflow: Workflow; executionId: string }, opts: RunOptions = {}): Promise<IRun> {
  const runData = structuredClone(waiting.run.data) as IRunExecutionData;
  const workflowData = {
    id: waiting.workflow.id,
    name: 'test',
    nodes: Object.values(waiting.workflow.nodes),
    connections: waiting.workflow.connectionsBySourceNode,
  } as unknown as IWorkflowBase;
  const again = additionalData(opts.credentials ?? {}, waiting.executionId, workflowData);
  await new WorkflowExecute(again.data, 'manual', runData).processRunExecutionData(waiting.workflow);
  return again.done;
}

/** One poll of a polling trigger, as n8n's TriggersAndPollers runs it for an active workflow (or a manual test). */
export async function pollOnce(workflow: Workflow, nodeName: string, opts: RunOptions & { mode?: 'trigger' | 'manual' } = {}) {
  const node = workflow.getNode(nodeName)!;
  const { data } = additionalData(opts.credentials ?? {}, 'poll', { id: workflow.id } as IWorkflowBase);
  const ctx = new PollContext(workflow, node, data, opts.mode ?? 'trigger', 'activate');
  return nodeTypes.getByNameAndVersion(node.type).poll!.call(ctx);
}

/** Call a webhook trigger node's webhook() like n8n's live-webhook service does. */
export async function deliverToTrigger(workflow: Workflow, nodeName: string, req: { body: unknown; query: Record<string, string> }, opts: RunOptions = {}) {
  const node = workflow.getNode(nodeName)!;
  const webhookData = { httpMethod: 'POST', node: node.name, path: 'callback', webhookDescription: {}, workflowId: workflow.id } as unknown as IWebhookData;
  const { data } = additionalData(opts.credentials ?? {}, 'live', { id: workflow.id } as IWorkflowBase);
  const response = fakeResponse();
  (data as unknown as { httpRequest: unknown }).httpRequest = { body: req.body, query: req.query, headers: {}, params: {} };
  (data as unknown as { httpResponse: unknown }).httpResponse = response;
  const ctx = new WebhookContext(workflow, node, data, 'webhook', webhookData, [], null);
  const result = await nodeTypes.getByNameAndVersion(node.type).webhook!.call(ctx);
  return { result, status: result.noWebhookResponse ? response.statusCode : 200, body: response.body };
}

function fakeResponse() {
  const res = {
    statusCode: 200,
    body: undefined as unknown,
    headersSent: false,
    status(code: number) {
      res.statusCode = code;
      return res;
    },
    json(body: unknown) {
      res.body = body;
      res.headersSent = true;
      return res;
    },
    send(body: unknown) {
      return res.json(body);
    },
    end() {
      res.headersSent = true;
      return res;
    },
  };
  return res;
}

/** Output items of a node (main output `index`), first run. */
export function output(run: IRun, nodeName: string, index = 0): INodeExecutionData[] {
  const task = run.data.resultData.runData[nodeName]?.at(-1);
  if (!task) throw new Error(`node ${nodeName} did not run; error: ${run.data.resultData.error?.message}`);
  return (task.data?.main?.[index] ?? []) as INodeExecutionData[];
}

/** A two-node workflow: test items → the node under test. */
export function itemsInto(items: IDataObject[], node: Partial<INode> & { parameters: INode['parameters'] }, type = `${PACKAGE}.enrichSo`): WorkflowJson {
  return {
    nodes: [
      { id: 'src', name: 'Items', type: 'test.items', typeVersion: 1, position: [0, 0], parameters: { items: JSON.stringify(items) } },
      {
        id: node.id ?? 'node-under-test',
        name: node.name ?? 'Enrich',
        type,
        typeVersion: 1,
        position: [200, 0],
        credentials: { enrichSoApi: { id: '1', name: 'Enrich.so sandbox' } },
        ...node,
      } as INode,
    ],
    connections: { Items: { main: [[{ node: node.name ?? 'Enrich', type: 'main', index: 0 }]] } },
  };
}
