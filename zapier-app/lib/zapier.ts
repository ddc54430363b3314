/**
 * The few Zapier shapes the adapter touches. Types come from zapier-platform-core; nothing is
 * imported at run time (the platform hands us `z`), so the bundle never carries a second copy.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';

export type Z = ZObject;
export type ZBundle = Bundle & {
  cleanedRequest?: unknown;
  rawRequest?: { querystring?: string; content?: string; headers?: Record<string, string> };
  outputData?: Record<string, unknown>;
  subscribeData?: Record<string, unknown>;
  targetUrl?: string;
};
export type Perform = (z: Z, bundle: ZBundle) => Promise<unknown>;

/** A Zapier input/output field as the app schema wants it. */
export interface ZField {
  key: string;
  label?: string;
  type?: 'string' | 'text' | 'integer' | 'number' | 'boolean' | 'datetime' | 'file' | 'password' | 'copy';
  required?: boolean;
  helpText?: string;
  default?: string;
  list?: boolean;
  choices?: { value: string; label: string; sample: string }[];
  altersDynamicFields?: boolean;
  /** A line-item group: one row per entry, these fields per row. */
  children?: ZField[];
  computed?: boolean;
}

export interface ZThrottle {
  window: number;
  limit: number;
  key?: string;
  scope?: ('user' | 'auth' | 'account' | 'action')[];
}

export interface ZOperation {
  perform: Perform;
  performResume?: Perform;
  performList?: Perform;
  performSubscribe?: Perform;
  performUnsubscribe?: Perform;
  type?: 'polling' | 'hook';
  inputFields: ZField[];
  outputFields: ZField[];
  sample: Record<string, unknown>;
  throttle?: ZThrottle;
  canPaginate?: boolean;
}

export interface ZAction {
  key: string;
  noun: string;
  display: { label: string; description: string; important?: boolean; hidden?: boolean };
  operation: ZOperation;
}

export interface ZSearchOrCreate {
  key: string;
  display: { label: string; description: string };
  search: string;
  create: string;
}

export interface ZApp {
  version: string;
  platformVersion: string;
  authentication: Record<string, unknown>;
  throttle?: ZThrottle;
  flags?: Record<string, boolean>;
  triggers: Record<string, ZAction>;
  searches: Record<string, ZAction>;
  creates: Record<string, ZAction>;
  searchOrCreates?: Record<string, ZSearchOrCreate>;
}
