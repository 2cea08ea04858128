/** A start that cannot go on, with the reason in words for the operator: printed alone, without a stack. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
