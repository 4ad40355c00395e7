/**
 * How deeply a JSON request may nest objects and arrays. An Open Badges 3.0 credential with
 * endorsements, embedded in a presentation, stays well under 20; the limit only stops documents built
 * to overflow the stack of the recursive code that walks them (JSON-LD, schemas, serializers).
 */
export const MAX_JSON_DEPTH = 64;

const escape = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The JSON Pointer (RFC 6901) of the first object or array nested deeper than `max` levels (the
 * top-level value is level 1), or undefined when none is. Iterative, so any depth is safe to check.
 */
export function tooDeepAt(value: unknown, max: number = MAX_JSON_DEPTH): string | undefined {
  const stack: Array<{ node: unknown; depth: number; pointer: string }> = [
    { node: value, depth: 1, pointer: '' },
  ];
  while (stack.length > 0) {
    const { node, depth, pointer } = stack.pop() as { node: unknown; depth: number; pointer: string };
    if (typeof node !== 'object' || node === null) continue;
    if (depth > max) return pointer;
    for (const [key, child] of Object.entries(node)) {
      if (typeof child === 'object' && child !== null)
        stack.push({ node: child, depth: depth + 1, pointer: `${pointer}/${escape(key)}` });
    }
  }
  return undefined;
}
