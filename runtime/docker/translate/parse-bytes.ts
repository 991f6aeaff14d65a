import { err, ok, type Result } from "neverthrow";
import { pyTypeName } from "./py-format.ts";
import { invalidOption, type TranslationError } from "./translation-error.ts";

const UNITS: Readonly<Record<string, bigint>> = { b: 1n, k: 1024n, m: 1024n ** 2n, g: 1024n ** 3n };
const LETTER = /^\p{L}$/u;
// Python's int(): surrounding whitespace and a sign; no underscores (Python 2 and berth), no
// decimals, no exponent, no hex.
const PY_INT = /^\s*([+-]?\d+)\s*$/;

/**
 * docker-py 1.6's `parse_bytes`: a memory size such as `"512m"` in bytes. Units `b`, `k`, `m`,
 * `g` (any case) with an optional trailing `b` (`"1kb"`, `"1bb"` = 1); no unit means bytes; `""`
 * is 0. Numbers are returned as they are (docker-py sends them unparsed).
 *
 * berth differs in one way: a result beyond JavaScript's safe integers (2^53 − 1) is an error
 * rather than a silently rounded number (Python's integers are unbounded).
 *
 * ```ts
 * parseBytes("128m") // ok(134217728)
 * parseBytes("1.5k") // err: Failed converting the string value formemory (1.5) to a number.
 * ```
 */
export function parseBytes(s: string | number, path = "mem_limit"): Result<number, TranslationError> {
  if (typeof s === "number") {
    return Number.isSafeInteger(s) ? ok(s) : err(invalidOption(path, `expected a whole number of bytes, got ${s}`));
  }
  if (typeof s !== "string") {
    return err(invalidOption(path, `expected a size such as 512m or a number, got ${pyTypeName(s)}`));
  }
  const chars = Array.from(s);
  if (chars.length === 0) return ok(0);
  const last = chars.at(-1) as string;
  const beforeLast = chars.at(-2);
  if (beforeLast !== undefined && LETTER.test(beforeLast) && LETTER.test(last) && (last === "b" || last === "B")) {
    chars.pop();
  }
  const unitChar = (chars.at(-1) ?? "").toLowerCase();
  const isDigit = /^\d$/.test(unitChar);
  const digitsPart = isDigit ? chars.join("") : chars.slice(0, -1).join("");
  const unit = isDigit ? UNITS.b : UNITS[unitChar];
  if (unit === undefined) {
    return err(
      invalidOption(
        path,
        `The specified value for memory (${chars.join("")}) should specify the units. The postfix should be one of the \`b\` \`k\` \`m\` \`g\` characters`,
      ),
    );
  }
  const digits = PY_INT.exec(digitsPart)?.[1];
  if (digits === undefined) {
    // "formemory": docker-py 1.6's own message has no space there.
    return err(invalidOption(path, `Failed converting the string value formemory (${digitsPart}) to a number.`));
  }
  const bytes = BigInt(digits) * unit;
  if (bytes > BigInt(Number.MAX_SAFE_INTEGER) || bytes < BigInt(Number.MIN_SAFE_INTEGER)) {
    return err(
      invalidOption(
        path,
        `The value for memory (${s}) is ${bytes} bytes, beyond the largest exactly representable number (${Number.MAX_SAFE_INTEGER})`,
      ),
    );
  }
  return ok(Number(bytes));
}
