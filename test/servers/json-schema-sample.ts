/** Builds a value from a JSON schema, so a loopback server can answer structured-output calls. */

/**
 * A value that satisfies a JSON schema well enough for a judge verdict: every required
 * property, integers and numbers at `maximum - 1` (or `minimum`), strings a short text, the
 * first of an enum, nested objects and arrays recursively.
 */
export function sampleFromSchema(schema: unknown, root: unknown = schema): unknown {
  if (typeof schema !== 'object' || schema === null) return null;
  const s = schema as Record<string, unknown>;

  if (typeof s.$ref === 'string') return sampleFromSchema(resolveRef(s.$ref, root), root);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = s[key];
    if (Array.isArray(options)) {
      const choice = options.find((o) => (o as { type?: unknown })?.type !== 'null') ?? options[0];
      return sampleFromSchema(choice, root);
    }
  }

  const types = Array.isArray(s.type) ? s.type : [s.type];
  const type = types.find((t) => t !== 'null') ?? types[0];
  switch (type) {
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const required = Array.isArray(s.required)
        ? (s.required as string[])
        : Object.keys(properties);
      return Object.fromEntries(
        required.map((key) => [key, sampleFromSchema(properties[key], root)]),
      );
    }
    case 'array': {
      const count = typeof s.minItems === 'number' ? Math.max(1, s.minItems) : 1;
      return Array.from({ length: count }, () => sampleFromSchema(s.items, root));
    }
    case 'integer':
    case 'number':
      if (typeof s.maximum === 'number') {
        const value = s.maximum - 1;
        return typeof s.minimum === 'number' ? Math.max(s.minimum, value) : value;
      }
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return 'A short deterministic answer.';
  }
}

function resolveRef(ref: string, root: unknown): unknown {
  if (!ref.startsWith('#/')) return null;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    if (typeof node !== 'object' || node === null) return null;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}
