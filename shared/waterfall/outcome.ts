/** What a waterfall gives for one lead: the value found, who gave it, every step and its cost. */
import type { GoalValue, WaterfallGoal } from '../catalog/capabilities';
import type { EnrichflowError } from '../errors';
import type { StepRecord } from './plan';

export interface WaterfallResult {
  goal: WaterfallGoal;
  found: boolean;
  value: GoalValue | null;
  /** The provider that gave the value. */
  provider: string | null;
  /** Every step tried or passed over, with its cost and outcome. */
  steps: StepRecord[];
  /** Sum of the steps' charges. */
  credits: number;
}

export type WaterfallOutcome = { index: number; ok: true; value: WaterfallResult } | { index: number; ok: false; error: EnrichflowError };
