/**
 * `compute` with its last answer remembered: the readings of one decision ask about one text in turn, so the
 * last text is the one asked about again, and nothing is kept past it.
 */
export function rememberLast<T>(compute: (text: string) => T): (text: string) => T {
  let lastText: string | undefined;
  let lastAnswer = undefined as T;
  return (text) => {
    if (text !== lastText) {
      lastAnswer = compute(text);
      lastText = text;
    }
    return lastAnswer;
  };
}
