/**
 * Plan values → TypeScript expressions, built with `ts.factory` and printed by the compiler's
 * printer, which does all escaping: a hostile string can only ever become a string literal.
 * Intrinsics become the DSL's `input()`, `attribute()` and `property()` calls.
 */
import { printNode, ts } from "ts-morph";
import { isIntrinsic, type Value } from "../../dsl/values.ts";
import { orderedEntries } from "../key-order.ts";

const f = ts.factory;

/** Printed objects longer than this break over several lines. */
const LINE_BUDGET = 72;

/** The DSL functions a generated module may import, in the order its import names them. */
export const dslFunctions = [
  "attribute",
  "exitCode",
  "healthy",
  "host",
  "http",
  "input",
  "logLine",
  "node",
  "plan",
  "property",
  "tcp",
] as const;
export type DslFunction = (typeof dslFunctions)[number];

/** Builds expressions and remembers which DSL functions they call. */
export class ExpressionBuilder {
  readonly used = new Set<DslFunction>();

  call(fn: DslFunction, args: readonly ts.Expression[]): ts.Expression {
    this.used.add(fn);
    return f.createCallExpression(f.createIdentifier(fn), undefined, args);
  }

  /** The constructor call that starts a chain (`node(...)`, `host(...)`), written by the layout. */
  head(
    fn: "host" | "node",
    args: readonly ts.Expression[],
  ): { readonly method: string; readonly args: readonly ts.Expression[] } {
    this.used.add(fn);
    return { method: fn, args };
  }

  /** A plan value; `dictionary` names an option dictionary whose keys print in schema order. */
  value(value: Value, dictionary?: string): ts.Expression {
    if (value === null) return f.createNull();
    if (typeof value === "string") return f.createStringLiteral(value);
    if (typeof value === "boolean") return value ? f.createTrue() : f.createFalse();
    if (typeof value === "number") return number(value);
    if (Array.isArray(value)) return this.#array(value as readonly Value[]);
    const intrinsic = this.#intrinsic(value);
    if (intrinsic !== undefined) return intrinsic;
    const record = value as { readonly [key: string]: Value };
    const entries =
      dictionary === undefined
        ? Object.keys(record).map((k) => [k, record[k] as Value] as const)
        : orderedEntries(dictionary, record);
    return this.object(entries.map(([k, v]) => [k, this.value(v)]));
  }

  /** An object literal, on one line when it fits. */
  object(entries: readonly (readonly [string, ts.Expression])[]): ts.ObjectLiteralExpression {
    const properties = entries.map(([key, v]) => f.createPropertyAssignment(propertyName(key), v));
    const oneLine = f.createObjectLiteralExpression(properties, false);
    return fits(oneLine) ? oneLine : f.createObjectLiteralExpression(properties, true);
  }

  #array(items: readonly Value[]): ts.Expression {
    const elements = items.map((v) => this.value(v));
    const oneLine = f.createArrayLiteralExpression(elements, false);
    return fits(oneLine) ? oneLine : f.createArrayLiteralExpression(elements, true);
  }

  #intrinsic(value: object): ts.Expression | undefined {
    if (!isIntrinsic(value)) return undefined;
    if ("get_input" in value && typeof value.get_input === "string") {
      return this.call("input", [f.createStringLiteral(value.get_input)]);
    }
    const [fn, args] =
      "get_attribute" in value
        ? (["attribute", value.get_attribute] as const)
        : "get_property" in value
          ? (["property", value.get_property] as const)
          : [undefined, undefined];
    if (
      fn === undefined ||
      !Array.isArray(args) ||
      args.length < 2 ||
      typeof args[0] !== "string" ||
      typeof args[1] !== "string"
    )
      return undefined;
    if (!args.every((a) => typeof a === "string" || typeof a === "number")) return undefined;
    return this.call(
      fn,
      args.map((a: string | number) => (typeof a === "string" ? f.createStringLiteral(a) : number(a))),
    );
  }
}

const fits = (node: ts.Node): boolean => {
  const text = printNode(node);
  return text.length <= LINE_BUDGET && !text.includes("\n");
};

/** Integers beyond 2^53 in all their digits, as the blueprint writer prints them (2^60 is 1152921504606846976). */
function number(n: number): ts.Expression {
  const abs = Math.abs(n);
  const literal = f.createNumericLiteral(
    Number.isInteger(abs) && !Number.isSafeInteger(abs) && abs < 1e21 ? BigInt(abs).toString() : abs,
  );
  return n < 0 || Object.is(n, -0) ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, literal) : literal;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A property name that defines an own property named exactly `key`. */
function propertyName(key: string): ts.PropertyName {
  // `__proto__: x` in a literal sets the prototype; a computed name defines the property.
  if (key === "__proto__") return f.createComputedPropertyName(f.createStringLiteral(key));
  return IDENTIFIER.test(key) ? f.createIdentifier(key) : f.createStringLiteral(key);
}
