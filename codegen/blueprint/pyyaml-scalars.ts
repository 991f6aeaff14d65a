/**
 * Scalars as PyYAML 6's SafeLoader makes them (Cloudify's DSL parser reads blueprints with it):
 * which tag a plain scalar resolves to (resolver.py's implicit resolvers, in their order), what
 * value SafeConstructor makes of a scalar with that tag (constructor.py), and which characters
 * PyYAML's reader refuses or reads as line breaks. The blueprint reader (yaml-tree.ts) and the
 * writer (yaml-options.ts) both ask this one file.
 */

/** The tags a scalar can resolve to. `merge` (`<<`) and `value` (`=`) mean something only as keys. */
export type ScalarTag = "str" | "bool" | "int" | "float" | "null" | "timestamp" | "merge" | "value";

/**
 * Integers outside ±(2^53 − 1) are kept exact as bigint; the blueprint reader decides what a
 * plan can hold. Timestamps stay the text they were written as: a plan holds JSON only.
 */
export type ScalarValue = string | number | bigint | boolean | null;

// resolver.py, alternative for alternative, each with the first characters PyYAML tries it for
// (the empty scalar: null only). Python's `$` also matches before a final line feed, hence `\n?$`
// (a plain scalar never ends with one, but a `!`-tagged quoted one can).
const implicitResolvers: readonly (readonly [ScalarTag, string, RegExp])[] = [
  ["bool", "yYnNtTfFoO", /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)\n?$/],
  [
    "float",
    "-+0123456789.",
    /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\n?$/,
  ],
  [
    "int",
    "-+0123456789",
    /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)\n?$/,
  ],
  ["merge", "<", /^<<\n?$/],
  ["null", "~nN", /^(?:~|null|Null|NULL|)\n?$/],
  [
    "timestamp",
    "0123456789",
    /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9]{2})?))?)\n?$/,
  ],
  ["value", "=", /^=\n?$/],
];

/** The resolvers to try, by first character, in order. */
const resolversByFirst: ReadonlyMap<string, readonly (readonly [ScalarTag, RegExp])[]> = (() => {
  const byFirst = new Map<string, [ScalarTag, RegExp][]>([["", [["null", /^$/]]]]);
  for (const [tag, firsts, pattern] of implicitResolvers) {
    for (const first of firsts) byFirst.set(first, [...(byFirst.get(first) ?? []), [tag, pattern]]);
  }
  return byFirst;
})();

/**
 * The tag PyYAML gives a plain scalar (and any scalar tagged `!`): `y` and `n` are strings,
 * `yes` is a bool, `1e3` a string, `1.0e+3` a float, `1:20` an int, `2001-12-14` a timestamp.
 */
export function resolvePlain(text: string): ScalarTag {
  for (const [tag, pattern] of resolversByFirst.get(text.charAt(0)) ?? []) if (pattern.test(text)) return tag;
  return "str";
}

/**
 * The value PyYAML's SafeConstructor makes of `text` tagged `tag`, or undefined where PyYAML
 * raises (`0b_` is an int to the resolver and a ValueError to the constructor) or where Python's
 * int()/float() would accept more than the forms written here (whitespace, a second sign): berth
 * reports those rather than guess. Not for `merge` and `value`, which are not values.
 */
export function construct(tag: Exclude<ScalarTag, "merge" | "value">, text: string): ScalarValue | undefined {
  return constructors[tag](text);
}

const constructors: Record<Exclude<ScalarTag, "merge" | "value">, (text: string) => ScalarValue | undefined> = {
  str: (text) => text,
  null: () => null,
  bool: (text) => {
    const lower = text.toLowerCase();
    return Object.hasOwn(boolValues, lower) ? boolValues[lower] : undefined;
  },
  int: constructInt,
  float: constructFloat,
  timestamp: constructTimestamp,
};

const boolValues: Readonly<Record<string, boolean>> = {
  yes: true,
  no: false,
  true: true,
  false: false,
  on: true,
  off: false,
};

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const exact = (n: bigint): number | bigint => (n >= -MAX_SAFE && n <= MAX_SAFE ? Number(n) : n);

const digitsOf: Readonly<Record<2 | 8 | 10 | 16, { pattern: RegExp; prefix: string }>> = {
  2: { pattern: /^[01]+$/, prefix: "0b" },
  8: { pattern: /^[0-7]+$/, prefix: "0o" },
  10: { pattern: /^[0-9]+$/, prefix: "" },
  16: { pattern: /^[0-9a-fA-F]+$/, prefix: "0x" },
};
/** Python's int(text, base) on the forms PyYAML writes; undefined for anything else. */
function pythonInt(text: string, base: 2 | 8 | 10 | 16): bigint | undefined {
  const { pattern, prefix } = digitsOf[base];
  return pattern.test(text) ? BigInt(`${prefix}${text}`) : undefined;
}

/** constructor.py's construct_yaml_int, in exact integer arithmetic. */
function constructInt(text: string): number | bigint | undefined {
  let value = text.replaceAll("_", "");
  const sign = value.startsWith("-") ? -1n : 1n;
  if (value.startsWith("-") || value.startsWith("+")) value = value.slice(1);
  if (value === "0") return 0; // no sign: `-0` is 0
  let n: bigint | undefined;
  if (value.startsWith("0b")) n = pythonInt(value.slice(2), 2);
  else if (value.startsWith("0x")) n = pythonInt(value.slice(2), 16);
  else if (value.startsWith("0"))
    n = pythonInt(value.replace(/^0[oO]/, ""), 8); // int("0o17", 8) is 15
  else if (value.includes(":")) {
    const parts = value.split(":").map((p) => pythonInt(p, 10));
    if (parts.some((p) => p === undefined)) return undefined;
    n = (parts as bigint[]).reduce((sum, digit) => sum * 60n + digit, 0n);
  } else n = pythonInt(value, 10);
  return n === undefined ? undefined : exact(sign * n);
}

/** constructor.py's construct_yaml_float, with the same float arithmetic (so `1:20:30.1` is the same double). */
function constructFloat(text: string): number | undefined {
  let value = text.replaceAll("_", "").toLowerCase();
  const sign = value.startsWith("-") ? -1 : 1;
  if (value.startsWith("-") || value.startsWith("+")) value = value.slice(1);
  if (value === ".inf") return sign * Number.POSITIVE_INFINITY;
  if (value === ".nan") return Number.NaN;
  if (!value.includes(":")) {
    const f = pythonFloat(value);
    return f === undefined ? undefined : sign * f;
  }
  const digits = value.split(":").map(pythonFloat).reverse();
  if (digits.some((d) => d === undefined)) return undefined;
  let base = 1n; // a Python int: exact, converted to a float in each product
  let sum = 0.0;
  for (const digit of digits as number[]) {
    sum += digit * Number(base);
    base *= 60n;
  }
  return sign * sum;
}

/** Python's float() on lower-case text without underscores: decimals, exponents, inf, nan. */
function pythonFloat(text: string): number | undefined {
  const match = /^([-+]?)(?:([0-9]+\.?[0-9]*(?:e[-+]?[0-9]+)?|\.[0-9]+(?:e[-+]?[0-9]+)?)|(inf|infinity)|nan)$/.exec(
    text,
  );
  if (match === null) return undefined;
  const sign = match[1] === "-" ? -1 : 1;
  if (match[2] !== undefined) return sign * Number(match[2]);
  return match[3] !== undefined ? sign * Number.POSITIVE_INFINITY : Number.NaN;
}

// constructor.py's timestamp_regexp, whose groups make a datetime.date or datetime.datetime.
const TIMESTAMP =
  /^([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)(?:(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9]{2}):([0-9]{2})(?:\.[0-9]*)?(?:[ \t]*(?:Z|([-+])([0-9][0-9]?)(?::([0-9]{2}))?))?)?\n?$/;

const daysIn = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(month)
      ? 30
      : 31;

/**
 * The text itself, where PyYAML's construct_yaml_timestamp makes a date or time of it (a plan
 * holds JSON, so berth keeps the text); undefined where Python's datetime refuses the fields
 * (`2001-13-45`, hour 24, an offset of a day or more).
 */
function constructTimestamp(text: string): string | undefined {
  const m = TIMESTAMP.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second, tzHour, tzMinute] = [1, 2, 3, 4, 5, 6, 8, 9].map((i) =>
    m[i] === undefined ? undefined : Number(m[i]),
  );
  const dateOk =
    year !== undefined && month !== undefined && day !== undefined && year >= 1 && month >= 1 && month <= 12;
  if (!dateOk || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour !== undefined && (hour > 23 || (minute ?? 0) > 59 || (second ?? 0) > 59)) return undefined;
  if (tzHour !== undefined && tzHour * 60 + (tzMinute ?? 0) >= 24 * 60) return undefined;
  return text;
}

const INDICATORS = "-?:,[]{}#&*!|>'\"%@`";
const SPACE_OR_BREAK = " \t\r\n\x85\u2028\u2029\0";

/**
 * Whether PyYAML's scanner reads one line of text written plain as exactly that text
 * (scanner.py's check_plain and scan_plain). Stricter than YAML 1.2 in flow collections, where
 * `?` anywhere and a leading `:` end or refuse a plain scalar. What comes after the scalar is a
 * line break, or in a flow collection a `,`.
 */
export function plainReadsBack(text: string, inFlow: boolean): boolean {
  if (text === "" || text.startsWith(" ") || text.endsWith(" ")) return false;
  const at = (i: number): string => text[i] ?? (inFlow ? "," : "\n");
  const first = at(0);
  if (INDICATORS.includes(first)) {
    const starts = !SPACE_OR_BREAK.includes(at(1)) && (first === "-" || (!inFlow && (first === "?" || first === ":")));
    if (!starts) return false;
  }
  for (let i = 0; i < text.length; i++) {
    const ch = at(i);
    if (ch !== " " && SPACE_OR_BREAK.includes(ch)) return false;
    if (ch === " " && at(i + 1) === "#") return false; // a comment
    if (ch === ":" && (SPACE_OR_BREAK.includes(at(i + 1)) || (inFlow && ",[]{}".includes(at(i + 1))))) return false;
    if (inFlow && ",?[]{}".includes(ch)) return false;
  }
  return true;
}

/**
 * Characters PyYAML's reader refuses anywhere in a document ("special characters are not
 * allowed"): everything outside \t \n \r, printable ASCII, U+0085, U+00A0–U+D7FF,
 * U+E000–U+FFFD and the astral planes.
 */
export const PYYAML_REFUSED = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

/** Line breaks to PyYAML (YAML 1.1) that YAML 1.2 reads as ordinary characters. */
export const PYYAML_LINE_BREAK = /[\x85\u2028\u2029]/;

/**
 * Characters the writer never puts in a blueprint as they are: what PyYAML refuses or reads as a
 * line break, the other controls (tab and carriage return included: PyYAML stops a plain scalar at
 * a tab) and the byte order mark. Only line feed, printable ASCII and printable Unicode remain.
 */
export const NEEDS_ESCAPE = /[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]/u;

const namedEscapes: Readonly<Record<string, string>> = {
  "\0": "\\0",
  "\x07": "\\a",
  "\b": "\\b",
  "\t": "\\t",
  "\n": "\\n",
  "\v": "\\v",
  "\f": "\\f",
  "\r": "\\r",
  "\x1b": "\\e",
  '"': '\\"',
  "\\": "\\\\",
  "\x85": "\\N",
  "\u2028": "\\L",
  "\u2029": "\\P",
};

const hex = (code: number, width: number): string => code.toString(16).toUpperCase().padStart(width, "0");

/**
 * A double-quoted scalar on one line that PyYAML and YAML 1.2 read back as `text`: every
 * character NEEDS_ESCAPE names, and `"` and `\`, written as escapes both know.
 */
export function doubleQuoted(text: string): string {
  let out = '"';
  for (const char of text) {
    const named = namedEscapes[char];
    if (named !== undefined) out += named;
    else if (!NEEDS_ESCAPE.test(char)) out += char;
    else {
      const code = char.codePointAt(0) ?? 0;
      out += code < 0x100 ? `\\x${hex(code, 2)}` : code < 0x10000 ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
    }
  }
  return `${out}"`;
}

/** Whether PyYAML reads one line of text, written plain, back as that same string. */
export const plainIsText = (text: string, inFlow: boolean): boolean =>
  resolvePlain(text) === "str" && plainReadsBack(text, inFlow);
