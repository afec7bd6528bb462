// Busy state, the form-level error and per-field errors of one form.
import { ApiError } from '../api/http';

export class FormState {
  busy = $state(false);
  error = $state<string | null>(null);
  /** The API error code of the last failure, when it came from the server. */
  code = $state<string | null>(null);
  fieldErrors = $state<Record<string, string>>({});
  field(name: string): string | undefined {
    return this.fieldErrors[name];
  }

  setFieldError(name: string, message: string): void {
    this.fieldErrors = { ...this.fieldErrors, [name]: message };
  }

  clearField(name: string): void {
    if (!(name in this.fieldErrors)) return;
    const { [name]: _removed, ...rest } = this.fieldErrors;
    this.fieldErrors = rest;
  }

  reset(): void {
    this.error = null;
    this.code = null;
    this.fieldErrors = {};
  }

  /** Client-side checks failed: show them without calling the server. */
  invalid(
    errors: Record<string, string>,
    message = 'Please correct the highlighted fields.',
  ): void {
    this.fieldErrors = errors;
    this.error = message;
    this.code = null;
  }

  /**
   * Runs `action` with the form busy. ApiErrors become the form error and field errors;
   * returns the action's result, or undefined when it failed.
   */
  async submit<T>(
    action: () => Promise<T>,
    describe?: (error: ApiError) => string,
  ): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    this.reset();
    try {
      return await action();
    } catch (error) {
      if (error instanceof ApiError) {
        const fields: Record<string, string> = {};
        for (const d of error.details) if (d.path && !fields[d.path]) fields[d.path] = d.message;
        this.fieldErrors = fields;
        this.code = error.code;
        this.error = describe?.(error) ?? error.message;
      } else {
        this.error = 'Something went wrong. Please try again.';
        console.error(error);
      }
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
