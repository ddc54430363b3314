/**
 * The nodes around ours in the engine tests: a source of test items, and small stand-ins for
 * the n8n-nodes-base nodes the example workflows use (manual trigger, code, filter). The real
 * nodes run in the e2e suites.
 */
import {
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeType,
  type INodeTypeDescription,
  NodeConnectionTypes,
} from 'n8n-workflow';

/** Test-only source node: emits the items in its `items` parameter (a JSON array). */
export class ItemsSource implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Items',
    name: 'items',
    group: ['input'],
    version: 1,
    description: 'Test items',
    defaults: { name: 'Items' },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
  };
  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
    const list = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
    return [list.map((json) => ({ json }))];
  }
}

/** Stand-in for n8n-nodes-base.manualTrigger (the examples' start node): one empty item. */
export class ManualTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Manual Trigger',
    name: 'manualTrigger',
    group: ['trigger'],
    version: 1,
    description: 'Start',
    defaults: { name: 'Start' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    properties: [],
  };
  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return [this.getInputData()];
  }
}

/**
 * Stand-in for n8n-nodes-base.code in "run once for all items" mode, enough for the examples'
 * data sources: the JavaScript returns the output items (`[{ json }]`). The e2e runs the real one.
 */
export class CodeStandIn implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Code',
    name: 'code',
    group: ['transform'],
    version: 2,
    description: 'Examples stand-in',
    defaults: { name: 'Code' },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    properties: [{ displayName: 'JavaScript', name: 'jsCode', type: 'string', default: '' }],
  };
  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const code = this.getNodeParameter('jsCode', 0) as string;
    const items = new Function(code)() as INodeExecutionData[];
    return [items.map((item, i) => ({ json: item.json, pairedItem: { item: Math.min(i, this.getInputData().length - 1) } }))];
  }
}

type Condition = { leftValue: unknown; rightValue?: unknown; operator: { type: string; operation: string } };

/**
 * Stand-in for n8n-nodes-base.filter (v2 conditions, combinator "and"), enough for the
 * examples: boolean is-true and string equals / not-equals / exists. n8n resolves each
 * condition's expressions for the item, as it does for the real node.
 */
export class FilterStandIn implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Filter',
    name: 'filter',
    group: ['transform'],
    version: 2,
    description: 'Examples stand-in',
    defaults: { name: 'Filter' },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    properties: [{ displayName: 'Conditions', name: 'conditions', type: 'json', default: {} }],
  };
  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const kept: INodeExecutionData[] = [];
    this.getInputData().forEach((item, i) => {
      const { conditions } = this.getNodeParameter('conditions', i) as { conditions: Condition[] };
      const holds = (c: Condition) => {
        const key = `${c.operator.type}:${c.operator.operation}`;
        if (key === 'boolean:true') return c.leftValue === true;
        if (key === 'string:equals') return c.leftValue === c.rightValue;
        if (key === 'string:notEquals') return c.leftValue !== c.rightValue;
        if (key === 'string:exists') return c.leftValue !== undefined && c.leftValue !== null && c.leftValue !== '';
        throw new Error(`filter stand-in: unsupported operator ${key}`);
      };
      if (conditions.every(holds)) kept.push({ json: item.json, pairedItem: { item: i } });
    });
    return [kept];
  }
}
