/** An error raised on purpose by this repository: `code` is what tests and callers match. */
export interface ChurnError<C extends string = string> extends Error {
  readonly code: C;
}

/**
 * The code of an error raised on purpose by this repository (any package's `CHURN_ERR_*`), or
 * null for an unexpected one, whose message belongs in the log and not in a response.
 */
export function churnErrorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('CHURN_ERR_') ? code : null;
}

/** A class without fields of its own: its options may hold only `cause`. */
type NoFields = Record<never, never>;

/** The constructor `createErrorClass` returns; `O` is what its options may set besides `cause`. */
export interface ChurnErrorClass<C extends string, F extends object, O extends object> {
  new (
    code: C,
    message?: string,
    ...options: NoFields extends O
      ? [options?: { cause?: unknown } & O]
      : [options: { cause?: unknown } & O]
  ): ChurnError<C> & Readonly<F>;
  readonly prototype: ChurnError<C> & Readonly<F>;
}

export interface ErrorClassOptions<C extends string, F extends object> {
  /** What an error of `code` carries unless its options say otherwise (HTTP status, exit code). */
  readonly defaults?: (code: C) => F & { readonly message?: string };
  /** The message shown, from the one given and the error's fields (e.g. "file:line: message"). */
  readonly format?: (message: string, fields: Partial<F>) => string;
}

/**
 * The error class of one package, as fastify's `createError` makes them: one class per package
 * (so `instanceof` names the package), its `code` from the package's code map, a message, and
 * typed fields (`issues`, `file`, `statusCode`, ...) set from the constructor's options.
 *
 * @example
 * const IoError = createErrorClass<IoErrorCode, { file?: string }>('IoError');
 * throw new IoError('CHURN_ERR_CSV_EMPTY', 'empty file', { file });
 */
export function createErrorClass<C extends string, F extends object = NoFields>(
  name: string,
  options: ErrorClassOptions<C, F> & Required<Pick<ErrorClassOptions<C, F>, 'defaults'>>,
): ChurnErrorClass<C, F, Partial<F>>;
export function createErrorClass<C extends string, F extends object = NoFields>(
  name: string,
  options?: Omit<ErrorClassOptions<C, F>, 'defaults'>,
): ChurnErrorClass<C, F, F>;
export function createErrorClass<C extends string, F extends object>(
  name: string,
  { defaults, format }: ErrorClassOptions<C, F> = {},
): ChurnErrorClass<C, F, Partial<F>> {
  class CodedError extends Error {
    constructor(
      readonly code: C,
      message?: string,
      options: { cause?: unknown } & Partial<F> = {},
    ) {
      const byCode: Partial<F> & { readonly message?: string } = defaults?.(code) ?? {};
      const { message: defaultMessage, ...codeFields } = byCode;
      const { cause, ...given } = options;
      const fields = { ...codeFields, ...given } as Partial<F>;
      const text = message ?? defaultMessage ?? code;
      super(format ? format(text, fields) : text, cause === undefined ? undefined : { cause });
      Object.assign(this, fields);
    }
  }
  Object.defineProperty(CodedError, 'name', { value: name });
  Object.defineProperty(CodedError.prototype, 'name', { value: name, writable: true });
  return CodedError as unknown as ChurnErrorClass<C, F, Partial<F>>;
}
