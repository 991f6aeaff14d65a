/**
 * Plan → plan.ts, through ts-morph structures: an import declaration, one `const` per node
 * holding its fluent chain, and `export default plan(...)`. Every expression is built with
 * `ts.factory` and printed by the compiler (ts-values.ts); the writer only lays out the chain.
 */
import {
  type CodeBlockWriter,
  IndentationText,
  Project,
  QuoteKind,
  StructureKind,
  ts,
  VariableDeclarationKind,
  type VariableStatementStructure,
} from "ts-morph";
import { type ContainerNodeModel, fromPlanNode, type ImageSource } from "../../dsl/node-model.ts";
import type { Readiness } from "../../dsl/options.ts";
import type { Plan, PlanNode, RelationshipType } from "../../dsl/plan-types.ts";
import { isIntrinsic, type Value } from "../../dsl/values.ts";
import { orderedEntries } from "../key-order.ts";
import { dslFunctions, ExpressionBuilder } from "./ts-values.ts";

export interface TypeScriptOptions {
  /** Module the DSL functions are imported from; default "berth". */
  readonly importFrom?: string;
}

/** One call of a node's fluent chain: `.method(args)`. */
interface Step {
  readonly method: string;
  readonly args: readonly ts.Expression[];
}

const relationshipMethods: Record<RelationshipType, string> = {
  "cloudify.relationships.depends_on": "dependsOn",
  "cloudify.relationships.connected_to": "connectedTo",
  "cloudify.relationships.contained_in": "containedIn",
};

const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await undefined NaN Infinity eval arguments".split(
    " ",
  ),
);

/**
 * Writes a plan as a TypeScript module that rebuilds it with the DSL.
 *
 * ```ts
 * const source = toTypeScript(fromBlueprint(text)._unsafeUnwrap());
 * writeFileSync("plan.ts", source);
 * ```
 */
export function toTypeScript(plan: Plan, options: TypeScriptOptions = {}): string {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Double },
  });
  const file = project.createSourceFile("plan.ts");
  const build = new ExpressionBuilder();
  const variables = variableNames(Object.keys(plan.nodes));
  const holes = new Holes();
  const declared = new Set<string>();
  const statements: VariableStatementStructure[] = Object.entries(plan.nodes).map(([name, node]) => {
    const [head, ...steps] = chain(build, name, node, (target) =>
      declared.has(target) ? variables.get(target) : undefined,
    );
    declared.add(name);
    return {
      kind: StructureKind.VariableStatement,
      leadingTrivia: (w) => w.blankLine(),
      declarationKind: VariableDeclarationKind.Const,
      declarations: [
        { name: variables.get(name) as string, initializer: (w) => writeChain(w, holes, head as Step, steps) },
      ],
    };
  });
  const planCall = build.call("plan", [
    build.value(plan.name),
    ts.factory.createArrayLiteralExpression(
      Object.keys(plan.nodes).map((n) => ts.factory.createIdentifier(variables.get(n) as string)),
      false,
    ),
    ...planOptions(build, plan),
  ]);
  // One manipulation for the whole file: ts-morph re-parses the file after each one.
  file.set({
    statements: [
      {
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier: options.importFrom ?? "berth",
        namedImports: dslFunctions.filter((fn) => build.used.has(fn)),
      },
      ...statements,
      {
        kind: StructureKind.ExportAssignment,
        leadingTrivia: (w) => w.blankLine(),
        isExportEquals: false,
        expression: holes.add(planCall),
      },
    ],
  });
  const printed = project.createSourceFile("printed.ts", holes.fill(file.compilerNode));
  printed.formatText({ indentSize: 2, convertTabsToSpaces: true, semicolons: ts.SemicolonPreference.Insert });
  return printed.getFullText();
}

/**
 * The layout (statements, one chain step per line) is written through ts-morph's writer, but
 * every expression that carries plan data stands there as a placeholder identifier: the
 * writer's lexer misreads some printed strings (a literal ending in a backslash leaves it
 * "inside a string", and it then inserts text such as a comment's closing). The placeholders
 * are swapped for the real expressions on the syntax tree, and the compiler's printer writes
 * the file, keeping the layout's line breaks.
 */
class Holes {
  readonly #expressions: ts.Expression[] = [];

  add(expression: ts.Expression): string {
    this.#expressions.push(expression);
    return `${HOLE}${this.#expressions.length - 1}`;
  }

  fill(layout: ts.SourceFile): string {
    const expressions = this.#expressions;
    const filler: ts.TransformerFactory<ts.SourceFile> = (context) => (root) => {
      const visit = (node: ts.Node): ts.Node => {
        if (ts.isIdentifier(node) && node.text.startsWith(HOLE)) {
          const expression = expressions[Number(node.text.slice(HOLE.length))];
          if (expression !== undefined) return expression;
        }
        return ts.visitEachChild(node, visit, context);
      };
      return ts.visitEachChild(root, visit, context);
    };
    const result = ts.transform(layout, [filler]);
    const options: ts.PrinterOptions & { preserveSourceNewlines?: boolean } = {
      newLine: ts.NewLineKind.LineFeed,
      preserveSourceNewlines: true,
    };
    const text = ts.createPrinter(options).printFile(result.transformed[0] as ts.SourceFile);
    result.dispose();
    return text;
  }
}

const HOLE = "__berth_hole_";

/** `head(args)` then `.step(args)` per line; only fixed names are written, data goes in holes. */
function writeChain(writer: CodeBlockWriter, holes: Holes, head: Step, steps: readonly Step[]): void {
  const call = (step: Step) => {
    writer.write(`${step.method}(`);
    step.args.forEach((arg, i) => {
      if (i > 0) writer.write(", ");
      writer.write(holes.add(arg));
    });
    writer.write(")");
  };
  call(head);
  for (const step of steps) {
    writer.newLine().indent().write(".");
    call(step);
  }
}

type Lookup = (target: string) => string | undefined;

/** The node's constructor call, then one step per lifecycle call and relationship. */
function chain(build: ExpressionBuilder, name: string, node: PlanNode, variableOf: Lookup): [Step, ...Step[]] {
  const f = ts.factory;
  const model = fromPlanNode(node);
  const declaration: [string, ts.Expression][] = [["type", build.value(model.type)]];
  if (Object.keys(model.properties).length > 0)
    declaration.push(["properties", build.value(model.properties as Value)]);
  const relationships: Step[] = model.relationships.map((r) => {
    const variable = variableOf(r.target);
    return {
      method: relationshipMethods[r.type],
      args: [variable === undefined ? build.value(r.target) : f.createIdentifier(variable)],
    };
  });
  if (model.kind === "plain") {
    return [build.head("host", [build.value(name), build.object(declaration)]), ...relationships];
  }
  if (Object.keys(model.daemon_client).length > 0)
    declaration.push(["daemon_client", build.value(model.daemon_client as Value, "daemon_client")]);
  const head = build.head("node", [build.value(name), build.object(declaration)]);
  return [head, ...lifecycleSteps(build, model), ...relationships];
}

/** The image source's call; each knows its own short form. */
const imageSteps: {
  readonly [K in ImageSource["kind"]]: (build: ExpressionBuilder, source: Extract<ImageSource, { kind: K }>) => Step;
} = {
  import: (build, s) => ({ method: "import", args: [shortOr(build, s.image_import, "src", "image_import")] }),
  build: (build, s) => ({ method: "build", args: [shortOr(build, s.image_build, "path", "image_build")] }),
  local: (build, s) => ({ method: "image", args: [build.value(s.image as Value)] }),
};

/** The chain's lifecycle calls, in install order: image, config, start, stop, delete. */
function lifecycleSteps(build: ExpressionBuilder, model: ContainerNodeModel): Step[] {
  const steps: Step[] = [imageSteps[model.image.kind](build, model.image as never)];
  const config = model.config;
  const keys = Object.keys(config);
  const command = config.command as Value;
  const short =
    keys.length === 1 &&
    keys[0] === "command" &&
    (typeof command === "string" || isStringList(command) || isCallable(command));
  steps.push({
    method: "config",
    args: [short ? build.value(command) : build.value(config as Value, "container_config")],
  });
  if (model.start !== undefined) {
    const { container_start, processes_to_wait_for, readiness } = model.start;
    const extras: [string, ts.Expression][] = [];
    if (processes_to_wait_for !== undefined)
      extras.push(["processes_to_wait_for", build.value(processes_to_wait_for as Value, "processes_to_wait_for")]);
    if (readiness !== undefined) extras.push(["readiness", readinessExpression(build, readiness)]);
    const args: ts.Expression[] = [];
    if (extras.length > 0) args.push(build.value(container_start as Value, "container_start"), build.object(extras));
    else if (Object.keys(container_start).length > 0)
      args.push(build.value(container_start as Value, "container_start"));
    steps.push({ method: "start", args });
    if (Object.keys(model.stop).length > 0)
      steps.push({ method: "stop", args: [build.value(model.stop as Value, "container_stop")] });
  }
  // delete's container_stop is written only where it differs from stop's, its default.
  const { container_stop, container_remove } = model.delete;
  const ownStop = !sameValue(container_stop, model.stop);
  const removeEntries = orderedEntries("container_remove", container_remove as { readonly [key: string]: Value });
  if (removeEntries.length > 0 || ownStop) {
    const entries: [string, ts.Expression][] = removeEntries.map(([k, v]) => [k, build.value(v)]);
    if (ownStop) entries.push(["container_stop", build.value(container_stop as Value, "container_stop")]);
    steps.push({ method: "delete", args: [build.object(entries)] });
  }
  return steps;
}

/**
 * A readiness probe as the DSL call that builds it (`tcp(5432, { timeout: 30 })`); a probe whose
 * whole value is an intrinsic (`http: { get_input: x }`) stays an object literal, which the DSL
 * takes as well.
 */
function readinessExpression(build: ExpressionBuilder, readiness: Readiness): ts.Expression {
  const timing = (["timeout", "interval"] as const).flatMap((k): [string, ts.Expression][] =>
    readiness[k] === undefined ? [] : [[k, build.value(readiness[k] as Value)]],
  );
  const withTiming = (args: ts.Expression[], options: [string, ts.Expression][] = []) =>
    options.length + timing.length > 0 ? [...args, build.object([...options, ...timing])] : args;
  const { tcp, http, log, healthy, exit_code } = readiness;
  if (tcp !== undefined) return build.call("tcp", withTiming([build.value(tcp as Value)]));
  if (log !== undefined) return build.call("logLine", withTiming([build.value(log as Value)]));
  if (exit_code !== undefined) return build.call("exitCode", withTiming([build.value(exit_code as Value)]));
  if (healthy === true) return build.call("healthy", withTiming([]));
  if (http !== undefined && !isIntrinsic(http)) {
    const { port, ...request } = http;
    const options = orderedEntries("http", request as { readonly [key: string]: Value }).map(
      ([k, v]): [string, ts.Expression] => [k, build.value(v)],
    );
    return build.call("http", withTiming([build.value(port as Value)], options));
  }
  return build.value(readiness as Value, "readiness");
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const isStringList = (v: Value): boolean => Array.isArray(v) && v.every((s) => typeof s === "string");
const isCallable = (v: Value): boolean =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  Object.keys(v).length === 1 &&
  /^get_/.test(Object.keys(v)[0] as string);

/** `.import(url)` for `{ src: url }` alone, else the whole dictionary. */
function shortOr(build: ExpressionBuilder, dictionary: object, key: string, name: string): ts.Expression {
  const keys = Object.keys(dictionary);
  const only = (dictionary as Record<string, Value>)[key] as Value;
  return keys.length === 1 && keys[0] === key && (typeof only === "string" || isCallable(only))
    ? build.value(only)
    : build.value(dictionary as Value, name);
}

function planOptions(build: ExpressionBuilder, plan: Plan): ts.Expression[] {
  const entries: [string, ts.Expression][] = [];
  if (plan.description !== undefined) entries.push(["description", build.value(plan.description)]);
  if (Object.keys(plan.inputs).length > 0) entries.push(["inputs", build.value(plan.inputs as unknown as Value)]);
  if (Object.keys(plan.outputs).length > 0) entries.push(["outputs", build.value(plan.outputs as unknown as Value)]);
  return entries.length === 0 ? [] : [build.object(entries)];
}

/** Node names → unique camelCase identifiers that shadow nothing the module uses. */
function variableNames(names: readonly string[]): Map<string, string> {
  const taken = new Set<string>(dslFunctions);
  const out = new Map<string, string>();
  for (const name of names) {
    const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
    let base = words
      .map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1)))
      .join("");
    if (base === "" || /^\d/.test(base)) base = `node${base.charAt(0).toUpperCase()}${base.slice(1)}`;
    if (RESERVED.has(base)) base = `${base}Node`;
    let candidate = base;
    for (let i = 2; taken.has(candidate); i++) candidate = `${base}${i}`;
    taken.add(candidate);
    out.set(name, candidate);
  }
  return out;
}
