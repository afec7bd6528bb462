import { DrizzleQueryError } from 'drizzle-orm';

/**
 * An error as fields for a structured log line, without the data it was handling. drizzle's
 * DrizzleQueryError puts the query's bound parameters in its message (and so in its stack):
 * password hashes, token hashes, email addresses, IPs. Those never reach the logs; the SQL
 * text (parameters stay `?`) and the driver's own message (which names the constraint or
 * table, not the values) are enough to diagnose.
 */
export interface LoggedError {
  name: string;
  message: string;
  query?: string;
  stack?: string;
  cause?: LoggedError;
}

const MAX_CAUSE_DEPTH = 4;

export function errorForLog(error: unknown, depth = 0): LoggedError {
  if (error instanceof DrizzleQueryError) {
    return {
      name: 'DrizzleQueryError',
      message: 'Failed query (parameters withheld)',
      query: error.query,
      stack: framesOnly(error.stack),
      ...causeOf(error, depth),
    };
  }
  if (error instanceof Error) {
    return {
      name: error.name,
      message: error.message,
      stack: error.stack,
      ...causeOf(error, depth),
    };
  }
  return { name: typeof error, message: String(error) };
}

function causeOf(error: Error, depth: number): { cause?: LoggedError } {
  if (error.cause === undefined || depth >= MAX_CAUSE_DEPTH) return {};
  return { cause: errorForLog(error.cause, depth + 1) };
}

/** The stack's frames without its first lines, which repeat the message. */
function framesOnly(stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line));
  return frames.join('\n');
}
