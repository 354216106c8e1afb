// Validation at the API edge of producer-consumer: misuse throws with the house's message
// shape, "producer-consumer.<method>: expected <what>, got <value>".

export function positiveInteger(method: string, name: string, value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return value;
  throw new RangeError(`producer-consumer.${method}: expected ${name} to be a positive integer, got ${describe(value)}`);
}

export function int32Array(method: string, name: string, value: unknown): Int32Array {
  if (value instanceof Int32Array) return value;
  throw new TypeError(`producer-consumer.${method}: expected ${name} to be an Int32Array, got ${describe(value)}`);
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}
