/** Every command's function; cli.ts imports this only once a command runs, so --help stays light. */
export { importBlueprint, yaml } from "./codegen.ts";
export { deploy } from "./deploy.ts";
export { preview, status } from "./inspect.ts";
export { logs } from "./logs.ts";
export { validatePlan } from "./validate.ts";
