/** Turns zod issues into problems a person can act on: a JSON path and one sentence each. */

import type { z } from 'zod';
import type { SpecProblem } from './types.js';

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(spec)';
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function issueProblems(issue: z.core.$ZodIssue): SpecProblem[] {
  const path = formatPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: `is not a known setting; remove it or check its spelling`,
      }));
    case 'invalid_type':
      if (issue.input === undefined) return [{ path, message: 'is required' }];
      // zod reports a fractional number for .int() as a type error; the schema's message says it better.
      // Stryker disable next-line ConditionalExpression: zod 4 reports expected 'int' only for a number (anything else fails the number check first, as expected 'number'), so the typeof test cannot be false here; the other variants on this line are killed by the fractional-number tests.
      if (issue.expected === 'int' && typeof issue.input === 'number')
        return [{ path, message: issue.message }];
      return [
        {
          path,
          message: `must be ${article(issue.expected === 'array' ? 'list' : issue.expected)}, not ${describeType(issue.input)}`,
        },
      ];
    case 'invalid_value':
      return [
        {
          path,
          message: `must be one of ${issue.values.map((v) => String(v)).join(', ')}`,
        },
      ];
    default:
      return [{ path, message: issue.message }];
  }
}

export function zodProblems(error: z.ZodError): SpecProblem[] {
  return error.issues.flatMap(issueProblems);
}

export function formatProblems(problems: readonly SpecProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('\n');
}
