/** Errors a use case may throw; the error handler turns them into the one error shape. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: FieldProblem[],
  ) {
    super(message);
  }
}

export const notFound = (what = 'Not found') => new AppError(404, 'not_found', what);
export const unauthorized = (msg = 'Sign in first') => new AppError(401, 'unauthorized', msg);
export const forbidden = (msg: string) => new AppError(403, 'forbidden', msg);
export const conflict = (msg: string, details?: FieldProblem[]) => new AppError(409, 'conflict', msg, details);
export const invalid = (field: string, message: string) =>
  new AppError(422, 'invalid_input', `${field}: ${message}`, [{ field, message }]);
