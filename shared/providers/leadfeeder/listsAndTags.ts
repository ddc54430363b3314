/**
 * Lists (create, read, update, delete, and the records in a list) and tags (create, read,
 * update, delete). Write bodies are not documented: they are sent as plain JSON with the field
 * names below, and further fields pass through `extraFields`.
 */
import { z } from 'zod';
import type { OperationSpec } from '../../catalog/types';
import { free, lenient, op, textField } from '../../catalog';
import { bodyParts, cursorPages, extraField, pageNumbers, pageSizeField, queryParts, recordId } from './common';

const list = lenient({ id: z.string(), type: z.string(), name: z.string() });
const tag = lenient({ id: z.string(), type: z.string(), name: z.string() });
const deleted = lenient({ id: z.string(), deleted: z.boolean() });

function crud(resource: 'list' | 'tag', plural: string, path: string, record: typeof list) {
  const noun = resource;
  const idField = recordId('id', `The ${noun} id`);
  const nameField = textField('name', `The ${noun}'s name`, { max: 255 });
  const all = op({
    resource,
    operation: 'list',
    displayName: `List ${plural}`,
    about: `All ${plural} of the account.`,
    kind: 'list',
    method: 'GET',
    path,
    input: z.object({ 'page[size]': pageSizeField(), extraFields: extraField() }),
    output: z.array(record),
    cost: free(),
    request: (input) => queryParts(input),
    retrySafe: true,
    pagination: pageNumbers,
  });
  const get = op({
    resource,
    operation: 'get',
    displayName: `Get ${noun}`,
    about: `One ${noun} by its id.`,
    kind: 'lookup',
    method: 'GET',
    path: `${path}/{id}`,
    input: z.object({ id: idField, extraFields: extraField() }),
    output: record,
    cost: free(),
    request: (input) => queryParts(input, ['id']),
    retrySafe: true,
  });
  const create = op({
    resource,
    operation: 'create',
    displayName: `Create ${noun}`,
    about: `Create a ${noun}.`,
    kind: 'action',
    method: 'POST',
    path,
    input: z.object({ name: nameField, extraFields: extraField() }),
    output: record,
    cost: free(),
    request: (input) => bodyParts(input),
    // Sending it twice would create two: never retried after a lost answer.
    retrySafe: false,
  });
  const update = op({
    resource,
    operation: 'update',
    displayName: `Update ${noun}`,
    about: `Rename a ${noun} (or change other fields through Extra Fields).`,
    kind: 'action',
    method: 'PATCH',
    path: `${path}/{id}`,
    input: z.object({ id: idField, name: nameField.optional(), extraFields: extraField() }),
    output: record,
    cost: free(),
    request: (input) => bodyParts(input, ['id']),
    retrySafe: true,
  });
  const remove = op({
    resource,
    operation: 'delete',
    displayName: `Delete ${noun}`,
    about: `Delete a ${noun}.`,
    kind: 'action',
    method: 'DELETE',
    path: `${path}/{id}`,
    input: z.object({ id: idField }),
    output: deleted,
    cost: free(),
    request: (input) => queryParts(input, ['id']),
    retrySafe: true,
  });
  return { all, get, create, update, remove };
}

const lists = crud('list', 'lists', '/lists', list);
const tags = crud('tag', 'tags', '/tags', tag);

const items = op({
  resource: 'list',
  operation: 'items',
  displayName: 'List items of a list',
  about: 'The records (companies or contacts) in a list.',
  kind: 'list',
  method: 'GET',
  path: '/lists/{id}/items',
  input: z.object({ id: recordId('id', 'The list id'), 'page[size]': pageSizeField(), extraFields: extraField() }),
  output: z.array(lenient({ id: z.string(), type: z.string() })),
  cost: free(),
  request: (input) => queryParts(input, ['id']),
  retrySafe: true,
  pagination: cursorPages,
});

export const listOperations: OperationSpec[] = [lists.all, lists.get, lists.create, lists.update, lists.remove, items];
export const tagOperations: OperationSpec[] = [tags.all, tags.get, tags.create, tags.update, tags.remove];
