/**
 * Keys a user chooses (environment variables, labels, inputs, outputs) may be any string,
 * `__proto__` included; `record[key] = value` would change the record's prototype for that one
 * and lose the entry without a word. Every record built from such keys sets them through here.
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
