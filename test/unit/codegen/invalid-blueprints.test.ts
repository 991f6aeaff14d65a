/**
 * Every blueprint under test/fixtures/blueprints/invalid is rejected, each issue at its exact
 * line:column, path and message.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fromBlueprint } from "../../../codegen/mod.ts";
import { invalidDir } from "./helpers.ts";

const expected: Record<string, readonly string[]> = {
  "cycle.yaml": ["10:5 nodes.a.relationships [cycle] dependency cycle: a -> b -> a"],
  "duplicate-key.yaml": ['10:3  [syntax] duplicate key "db" in this mapping'],
  "missing-inputs.yaml": [
    "12:17 nodes.db.create [image_source] Either path or url to image must be given: use image_import.src, image_build.path, or an image already on the engine (.image(ref))",
    "16:13 nodes.db.configure.container_config.command [missing_command] command is required: the command the container runs (the plugin's container_config.command)",
    "17:9 nodes.db.start.implementation [missing_value] operation start needs an implementation (docker.docker_plugin.tasks.run)",
  ],
  "missing-target.yaml": [
    '15:17 nodes.web.relationships[0].target [unknown_node] relationship to "database", which is not a node of this plan',
    '20:42 nodes.web.create.image_import.src [undeclared_input] input "image_url" is used but not declared; declare it with input("image_url", {...}) or under inputs',
  ],
  "no-version.yaml": [
    "1:1 tosca_definitions_version [missing_value] tosca_definitions_version is required (one of cloudify_dsl_1_0, cloudify_dsl_1_1, cloudify_dsl_1_2, cloudify_dsl_1_3, cloudify_dsl_1_4, cloudify_dsl_1_5)",
    "4:1 description [invalid_value] description needs cloudify_dsl_1_2 or later, this blueprint is cloudify_dsl_1_0 (Cloudify error 102)",
  ],
  "prototype-keys.yaml": [
    '2:1 constructor [unknown_key] unknown key "constructor" in the blueprint; expected one of tosca_definitions_version, imports, inputs, plugins, node_types, relationships, node_templates, outputs, workflows, policy_types, policy_triggers, groups, description, dsl_definitions, data_types, policies, capabilities, metadata, imported_blueprints, namespaces_mapping, labels, blueprint_labels, deployment_settings, resource_tags',
    '6:5 nodes.db.toString [unknown_key] unknown key "toString" in node template "db"; expected one of type, properties, relationships, interfaces, instances, capabilities',
  ],
  "syntax-error.yaml": [
    "11:1  [syntax] deficient indentation: this line is indented less than the value it continues (is a [, { or quote above it left open?)",
  ],
  "unknown-keys.yaml": [
    '7:1 node_template [unknown_key] unknown key "node_template" in the blueprint; did you mean "node_templates"?',
    '12:5 nodes.db.propertes [unknown_key] unknown key "propertes" in node template "db"; did you mean "properties"?',
    "15:9 nodes.db.create [image_source] Either path or url to image must be given: use image_import.src, image_build.path, or an image already on the engine (.image(ref))",
    '17:11 nodes.db.create.input [unknown_key] unknown key "input" in operation create; did you mean "inputs"?',
    '22:53 nodes.db.configure.container_config.enviroment [unknown_key] unknown option "enviroment" in container_config; did you mean "environment"?',
    '23:9 nodes.db.interfaces."cloudify.interfaces.lifecycle".stat [unknown_key] unknown key "stat" in cloudify.interfaces.lifecycle; did you mean "start"?',
  ],
  "unknown-task.yaml": [
    '18:16 nodes.db.start.implementation [unknown_key] unknown task "docker.docker_plugin.tasks.strat" of the docker plugin',
    "19:15 nodes.db.stop.implementation [invalid_value] stop runs docker.docker_plugin.tasks.stop, not docker.docker_plugin.tasks.delete",
  ],
  "unknown-types.yaml": [
    '9:11 nodes.vm.type [unknown_type] unknown node type "cloudify.nodes.Compte"; did you mean "cloudify.nodes.Compute"?',
    '13:15 nodes.db.relationships[0].type [unknown_type] unknown relationship type "cloudify.relationships.contained"; did you mean "cloudify.relationships.contained_in"?',
  ],
  "unsupported.yaml": [
    "16:22 nodes.db.create.image_import.src [unsupported] concat is a Cloudify function berth does not evaluate; berth evaluates get_input, get_attribute and get_property",
    "20:11 nodes.db.configure.max_retries [unsupported] berth does not retry or time out operations; max_retries would be ignored",
    "21:16 nodes.db.start.implementation [unsupported] berth runs only the docker plugin's tasks (docker.docker_plugin.tasks.run); it cannot run scripts/start.sh",
    '23:9 nodes.db.interfaces."cloudify.interfaces.monitoring".start [unsupported] berth runs only cloudify.interfaces.lifecycle operations; cloudify.interfaces.monitoring.start would not run',
  ],
  "wrong-types.yaml": [
    "20:22 nodes.db.configure.container_config.ports [invalid_value] expected a list, got number 8080",
    '24:44 nodes.db.start.container_start.privileged [invalid_value] expected true or false, got string "maybe"',
    '28:40 nodes.db.stop.container_stop.timeout [invalid_value] expected a number, got string "ten"',
  ],
  "yaml-tags-and-aliases.yaml": [
    "15:28  [syntax] unknown alias *deamon: no complete node before it is anchored &deamon; did you mean *daemon?",
    "17:20  [syntax] berth does not read the YAML tag !Sub; a blueprint holds strings, numbers, booleans, null, lists and mappings",
    "24:31  [syntax] << merges mappings only: give it an alias of a mapping, or a list of them",
    '25:32  [syntax] "512m" is not a valid !!int',
  ],
};

describe("rejected blueprints", () => {
  it("has an expectation for every fixture", () => {
    expect(readdirSync(invalidDir).sort()).toEqual(Object.keys(expected).sort());
  });
  for (const [file, issues] of Object.entries(expected)) {
    it(file, () => {
      const result = fromBlueprint(readFileSync(join(invalidDir, file), "utf8"), { file });
      const found = result._unsafeUnwrapErr();
      expect(found.map((i) => `${i.line}:${i.column} ${i.path} [${i.code}] ${i.message}`)).toEqual(issues);
      expect(found.every((i) => i.file === file)).toBe(true);
    });
  }
});
