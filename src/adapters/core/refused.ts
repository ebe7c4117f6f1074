import { isRefusal, type ToolgateError } from "../../errors.js";

/**
 * The one place an adapter tells a refusal from anything else: a refusal is shown to `onRefusal` (with the
 * framework's view of the call) and returned; any other error — the tool's own, an abort the framework
 * handles — is rethrown unchanged.
 */
export function refusalOf<Call>(
  error: unknown,
  onRefusal: ((error: ToolgateError, call: Call) => void) | undefined,
  call: Call,
): ToolgateError {
  if (!isRefusal(error)) throw error;
  onRefusal?.(error, call);
  return error;
}
