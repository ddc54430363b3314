/**
 * Output items: every input item yields results or one error linked to it (pairedItem), and
 * every result says what it cost. Errors are the core's (no key in them, by construction).
 */
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { BudgetExceededError, type CallCredits, EnrichflowError, ProviderFailureError, SpendLimitError, spreadsheetSafeData } from '@enrichflow/core';
import { runsAsTool } from './tool';

/** What an output item says it cost (`_credits`): the call's credits, as the core reports them. */
export type ItemCredits = Pick<CallCredits, 'estimated' | 'charged' | 'fromCache' | 'source' | 'shared' | 'bill'> & {
  /** On a list walk's first record: the whole walk's pages, estimate, charge and bill (the items already share it). */
  walk?: IDataObject;
};

export const NO_COST: ItemCredits = { estimated: 0, charged: 0, fromCache: false, source: 'model' };

function creditsJson(c: ItemCredits): IDataObject {
  const json: IDataObject = { estimated: c.estimated, charged: c.charged, fromCache: c.fromCache, source: c.source };
  // A share of what answers lost at the same time cost together (one balance cannot tell them apart).
  if (c.shared) json.shared = true;
  // The charge itemised the way the provider bills it (base_cost, live_fetch, items…).
  if (c.bill) json.bill = c.bill as IDataObject;
  if (c.walk) json.walk = c.walk;
  return json;
}

/** A record as an n8n item: objects are spread, anything else sits under `value`. */
export function resultItem(data: unknown, credits: ItemCredits | undefined, item: number): INodeExecutionData {
  const json: IDataObject =
    typeof data === 'object' && data !== null && !Array.isArray(data) ? { ...(data as IDataObject) } : { value: data as IDataObject['value'] };
  if (credits) json._credits = creditsJson(credits);
  return { json, pairedItem: { item } };
}

export function asEnrichflowError(error: unknown): EnrichflowError {
  if (error instanceof EnrichflowError) return error;
  return new ProviderFailureError(error instanceof Error ? error.message : String(error));
}

/**
 * An error item n8n routes to the error output (its json keys are only error/details), or
 * keeps on the main output with "Continue (using regular output)".
 */
export function errorItem(error: unknown, item: number): INodeExecutionData {
  const e = asEnrichflowError(error);
  // A failed request the provider still charged (an answer that matched no record) keeps its cost on the item.
  const source = e.chargedSource ?? 'provider';
  const shared = e.chargeShared ? { shared: true } : {};
  const credits = e.charged === undefined ? {} : { _credits: { estimated: 0, charged: e.charged, source, fromCache: false, ...shared } };
  return { json: { error: e.message, details: e.toJSON() as IDataObject, ...credits }, pairedItem: { item } };
}

/** The node error n8n shows when Continue On Fail is off. */
export function nodeError(node: INode, error: unknown, itemIndex: number): NodeOperationError {
  const e = asEnrichflowError(error);
  const field = (e.toJSON() as { field?: string }).field;
  return new NodeOperationError(node, e.message, {
    itemIndex,
    description: field ? `Check the field "${field}" of item ${itemIndex + 1}.` : `Error kind: ${e.kind}`,
  });
}

/**
 * With Continue On Fail an error becomes an item; without it the node fails on it. A call an AI
 * agent made that the budget or a spend limit refused is an answer the agent reads (see tool.ts), not a failure.
 */
export function failOrItem(ctx: IExecuteFunctions, error: unknown, item: number): INodeExecutionData {
  const refusedToolCall = (error instanceof BudgetExceededError || error instanceof SpendLimitError) && runsAsTool(ctx);
  if (!ctx.continueOnFail() && !refusedToolCall) throw nodeError(ctx.getNode(), error, item);
  return errorItem(error, item);
}

/** Output items with formula-starting text neutralised (the "Spreadsheet-Safe Text" option, on by default). */
export function spreadsheetSafeItems(items: INodeExecutionData[], on: boolean): INodeExecutionData[] {
  return on ? items.map((item) => ({ ...item, json: spreadsheetSafeData(item.json) })) : items;
}

/** A trigger's "Spreadsheet-Safe Text" switch (the action node has it under Options). */
export const spreadsheetSafeProperty: INodeProperties = {
  displayName: 'Spreadsheet-Safe Text',
  name: 'spreadsheetSafe',
  type: 'boolean',
  default: true,
  description:
    "Whether to neutralise provider text that a spreadsheet would run as a formula: text starting with =, +, -, @, a tab or a line break gets a leading ' (plain numbers and phone numbers stay as they are)",
};

/** A trigger's output objects, spreadsheet-safe unless the switch is off. */
export function spreadsheetSafeJson(items: IDataObject[], on: unknown): IDataObject[] {
  return on === false ? items : items.map((item) => spreadsheetSafeData(item));
}
