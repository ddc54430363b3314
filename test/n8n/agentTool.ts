/**
 * An action node as n8n makes it an AI Agent tool (`convertNodeToAiTool` from the installed n8n)
 * and an agent stand-in that calls it as a model's tool call would (see ai-tool.test.ts).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

const N8N_TOOLS = process.env.N8N_TOOLS_DIR ?? path.join(__dirname, '../../.tools/n8n');
const AI_TOOLS = path.join(N8N_TOOLS, 'node_modules/n8n/dist/tool-generation/ai-tools.js');
// Without the installed n8n (a fresh clone; CI installs it) there is no convertNodeToAiTool to test against.
export const withN8n = existsSync(AI_TOOLS) ? describe : describe.skip;

type ConvertNodeToAiTool = <T extends { description: INodeTypeDescription }>(item: T) => T;

/** n8n's NodeTypes.getByNameAndVersion for a "…Tool" type: a shallow clone converted in place. */
export function asTool(nodeType: INodeType): INodeType {
  const { convertNodeToAiTool } = createRequire(AI_TOOLS)(AI_TOOLS) as { convertNodeToAiTool: ConvertNodeToAiTool };
  const clonedProperties = Object.create(nodeType.description.properties) as INodeTypeDescription['properties'];
  const clonedDescription = Object.create(nodeType.description, { properties: { value: clonedProperties, writable: false } }) as INodeTypeDescription;
  const clonedNode = Object.create(nodeType, { description: { value: clonedDescription } }) as INodeType;
  return convertNodeToAiTool(clonedNode);
}

/**
 * Stand-in for n8n's AI Agent: the model is replaced by the `calls` parameter (the arguments
 * a model would pass); everything between the agent and our node is n8n-core's.
 */
export class AgentStandIn implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Agent',
    name: 'agent',
    group: ['transform'],
    version: 1,
    description: 'Test agent',
    defaults: { name: 'Agent' },
    inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, displayName: 'Tools', required: true }],
    outputs: [NodeConnectionTypes.Main],
    properties: [{ displayName: 'Calls', name: 'calls', type: 'json', default: '[]' }],
  };
  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const tools = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as Array<{
      name: string;
      description: string;
      schema: { shape: Record<string, unknown> };
      invoke(args: IDataObject): Promise<string>;
    }>;
    const calls = JSON.parse(this.getNodeParameter('calls', 0) as string) as IDataObject[];
    const tool = tools[0];
    const answers: IDataObject[] = [];
    for (const args of calls) {
      try {
        answers.push({ answer: JSON.parse(await tool.invoke(args)) as IDataObject[] });
      } catch (error) {
        answers.push({ thrown: (error as Error).message });
      }
    }
    return [[{ json: { name: tool.name, description: tool.description, arguments: Object.keys(tool.schema.shape).sort(), answers } }]];
  }
}
