/** What went wrong, independent of transport. One formatter maps these to GraphQL codes. */
export enum ErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  /** A dependency of the service (the database, the PDF browser) failed or is away; the client may try again. */
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
}

export interface FieldProblem {
  /** Input path, e.g. `input.odsCode`. */
  field: string;
  /** The rule broken, e.g. `odsCodeShape`, `unique`, `required`. */
  rule: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { fields?: FieldProblem[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static invalid(field: string, rule: string, message: string): DomainError {
    return new DomainError(ErrorCode.BadUserInput, `${field}: ${message}`, { fields: [{ field, rule, message }] });
  }

  static invalidFields(fields: FieldProblem[]): DomainError {
    const summary = fields.map((f) => (f.message.startsWith(f.field) ? f.message : `${f.field}: ${f.message}`)).join('; ');
    return new DomainError(ErrorCode.BadUserInput, summary, { fields });
  }

  static notFound(what: string, id: string): DomainError {
    return new DomainError(ErrorCode.NotFound, `${what} ${id} was not found`);
  }

  static forbidden(message: string): DomainError {
    return new DomainError(ErrorCode.Forbidden, message);
  }

  static conflict(message: string, fields?: FieldProblem[]): DomainError {
    return new DomainError(ErrorCode.Conflict, message, { fields });
  }
}
