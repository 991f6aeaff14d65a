/**
 * Values that may appear anywhere in a plan: plain JSON, or a Cloudify intrinsic function that
 * the runtime resolves (`get_input`, `get_attribute`, `get_property`).
 */

/** A reference to a deployment input: `{ get_input: name }`. */
export interface GetInput {
  readonly get_input: string;
}

/** A runtime attribute of a node (a runtime property such as `container` or `ports`). */
export interface GetAttribute {
  readonly get_attribute: readonly [string, string, ...(string | number)[]];
}

/** A property declared on a node template. */
export interface GetProperty {
  readonly get_property: readonly [string, string, ...(string | number)[]];
}

export type Intrinsic = GetInput | GetAttribute | GetProperty;

export type Scalar = string | number | boolean | null;

/** Any value an option may hold: JSON, or an intrinsic. */
export type Value = Scalar | Intrinsic | readonly Value[] | { readonly [key: string]: Value };

/** Lets a typed option field hold an intrinsic instead of its literal type. */
export type Maybe<T> = T | Intrinsic;

export type IntrinsicKind = "get_input" | "get_attribute" | "get_property";
export const intrinsicKinds: readonly IntrinsicKind[] = ["get_input", "get_attribute", "get_property"];

/** Where a get_property / get_attribute path leads inside a value. */
export type PathLookup =
  | { readonly kind: "found"; readonly value: unknown }
  /** `keys[missing]` is not there, or leads to nothing. */
  | { readonly kind: "missing"; readonly missing: number }
  /** An intrinsic on the way (when asked to stop there): only a run knows what lies below it. */
  | { readonly kind: "unknown" };

/**
 * Follows `keys` into `root` as Cloudify's get_property and get_attribute do: a number (or a
 * numeric string) indexes a list, a string names an own key. validate stops at an intrinsic, whose
 * value only the run knows; the runtime, which has resolved what it looks into, does not.
 */
export function lookUpPath(root: unknown, keys: readonly unknown[], stopAtIntrinsic = false): PathLookup {
  let current: unknown = root;
  for (const [i, key] of keys.entries()) {
    if (stopAtIntrinsic && isIntrinsic(current)) return { kind: "unknown" };
    if (Array.isArray(current)) {
      const index = typeof key === "number" ? key : Number(key);
      if (!Number.isInteger(index) || index < 0 || index >= current.length) return { kind: "missing", missing: i };
      current = current[index];
    } else if (typeof current === "object" && current !== null && Object.hasOwn(current, String(key))) {
      current = (current as Record<string, unknown>)[String(key)];
    } else return { kind: "missing", missing: i };
  }
  return current === undefined ? { kind: "missing", missing: keys.length - 1 } : { kind: "found", value: current };
}

/** What `input()` declares; plan() collects these into the plan's `inputs`. */
export interface InputDeclaration {
  readonly description?: string;
  readonly default?: Value;
  readonly type?: "string" | "integer" | "float" | "boolean";
}

// Input references carry their declaration under a symbol: invisible to JSON and to codegen,
// found by plan() when it walks the nodes.
const declarationKey = Symbol("berth.inputDeclaration");

interface DeclaredInput extends GetInput {
  readonly [declarationKey]: InputDeclaration;
}

/**
 * A deployment input, emitted as `{ get_input: name }` and resolved when the plan runs.
 *
 * ```ts
 * const url = input("image_url", { default: "http://127.0.0.1:8000/rootfs.tar" });
 * node("db").import(url)
 * ```
 */
export function input(name: string, declaration: InputDeclaration = {}): GetInput {
  const ref = { get_input: name } as DeclaredInput;
  Object.defineProperty(ref, declarationKey, { value: Object.freeze({ ...declaration }), enumerable: false });
  return Object.freeze(ref);
}

/** The declaration given to `input()`, if this value came from it. */
export function inputDeclarationOf(value: unknown): InputDeclaration | undefined {
  if (typeof value === "object" && value !== null && declarationKey in value) {
    return (value as DeclaredInput)[declarationKey];
  }
  return undefined;
}

/** Something that names a node: its name, or a builder. */
export type NodeRef = string | { readonly name: string };

export const nodeNameOf = (ref: NodeRef): string => (typeof ref === "string" ? ref : ref.name);

/**
 * A runtime attribute of another node, resolved when the operation that reads it runs.
 *
 * ```ts
 * container_config: { command: "app", environment: { DB: attribute(db, "container") } }
 * ```
 */
export function attribute(node: NodeRef | "SELF", name: string, ...path: (string | number)[]): GetAttribute {
  return Object.freeze({
    get_attribute: Object.freeze([nodeNameOf(node), name, ...path]) as GetAttribute["get_attribute"],
  });
}

/** A property of a node template (`{ get_property: [node, name, ...] }`). */
export function property(node: NodeRef | "SELF", name: string, ...path: (string | number)[]): GetProperty {
  return Object.freeze({
    get_property: Object.freeze([nodeNameOf(node), name, ...path]) as GetProperty["get_property"],
  });
}

/** True when `value` is a single-key object naming an intrinsic function. */
export function isIntrinsic(value: unknown): value is Intrinsic {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (intrinsicKinds as readonly string[]).includes(keys[0] as string);
}

/**
 * Everything deepFreeze has frozen all the way down. A builder freezes its draft at every step
 * and plan() the whole plan again; a part frozen before is not walked again (the walks were a
 * third of building a 1,000-node plan). `Object.isFrozen` would not do: a value the caller froze
 * only at its top may hold unfrozen ones.
 */
const frozenDeep = new WeakSet<object>();

/** Freezes a JSON-like value all the way down; returns it for chaining. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !frozenDeep.has(value)) {
    frozenDeep.add(value);
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
