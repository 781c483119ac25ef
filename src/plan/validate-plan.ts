/**
 * Validates a plan: first its structure (the zod schema), then every rule of the
 * official form (rules.ts). Every problem is reported at once.
 */
import type { ProblemItem } from '../shared/problem.js';
import type { Plan } from './schema.js';

export interface PlanValidation {
  /** The parsed plan with defaults filled in; undefined only if its structure is unusable. */
  plan: Plan | undefined;
  errors: ProblemItem[];
  warnings: ProblemItem[];
}

// Implemented by the rules work (see rules.ts); the signature is the contract.
export function validatePlan(_input: unknown, _options: { today?: Date } = {}): PlanValidation {
  throw new Error('validatePlan: not implemented yet');
}
