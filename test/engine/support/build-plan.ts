/** A plan shared by a test and the child process it kills: one node built from a directory. */
import { node, plan } from "../../../dsl/mod.ts";

export const buildPlan = (deployment: string, contextDir: string) =>
  plan(deployment, [node("built").build(contextDir).config("sleep 60").start().stop({ timeout: 0 })]);
