import type { NextFunction, Request, Response } from 'express';
import { ValidationError } from '../../../domain/shared/errors.js';
import { findInputProblem } from './input-text.js';

/**
 * Runs right after the JSON parser, before any guard, pipe or handler: every route, every field, named
 * or not, gets the same text and depth rules, so no route can forget them.
 */
export function rejectUnsafeInput(request: Request, _response: Response, next: NextFunction): void {
  const problem = findInputProblem(request.query, 'query') ?? findInputProblem(request.body, 'body');
  next(problem ? new ValidationError([problem]) : undefined);
}
