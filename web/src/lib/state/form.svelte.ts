// Busy state, the form-level error and per-field errors of one form.
import { ApiError } from '../api/http';

const CORRECT_FIELDS = 'Please correct the highlighted fields.';

export class FormState {
  busy = $state(false);
  error = $state<string | null>(null);
  /** The API error code of the last failure, when it came from the server. */
  code = $state<string | null>(null);
  fieldErrors = $state<Record<string, string>>({});
  /**
   * Fields the view shows (it asks for their errors); server details for others go to
   * `error`. Deliberately not reactive: it is filled while the template renders.
   */
  #shown: Record<string, true> = {};

  field(name: string): string | undefined {
    this.#shown[name] = true;
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
  invalid(errors: Record<string, string>, message = CORRECT_FIELDS): void {
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
      if (error instanceof ApiError) this.#fail(error, describe);
      else {
        this.error = 'Something went wrong. Please try again.';
        console.error(error);
      }
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  #fail(error: ApiError, describe?: (error: ApiError) => string): void {
    const fields: Record<string, string> = {};
    const elsewhere: string[] = [];
    for (const d of error.details) {
      if (d.path && this.#shown[d.path]) fields[d.path] ??= d.message;
      else elsewhere.push(d.message);
    }
    this.fieldErrors = fields;
    this.code = error.code;
    if (describe) this.error = describe(error);
    else if (error.details.length === 0) this.error = error.message;
    else this.error = elsewhere.length ? elsewhere.join(' ') : CORRECT_FIELDS;
  }
}
