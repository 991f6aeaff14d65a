/** The pure half of berth: build, validate and inspect plans with no engine anywhere. */
export { formatIssues, type PlanIssue, type PlanIssueCode } from "./issues.ts";
export {
  type ContainerConfigInput,
  type HostNode,
  host,
  type NodeBase,
  type NodeConfigured,
  type NodeCreated,
  type NodeDeclared,
  type NodeDeleted,
  type NodeOptions,
  type NodeStarted,
  type NodeState,
  type NodeStopped,
  node,
  type PlannableNode,
  type StartExtras,
} from "./node-builder.ts";
export type {
  ContainerConfig,
  ContainerRemove,
  ContainerStart,
  ContainerStop,
  DaemonClient,
  HostConfig,
  ImageBuild,
  ImageImport,
  PortBinding,
  ProcessesToWaitFor,
} from "./options.ts";
export { type PlanOptions, plan } from "./plan.ts";
export {
  type ConfigureInputs,
  type CreateInputs,
  type DeleteInputs,
  isContainerNode,
  type LifecycleOperation,
  lifecycleOperations,
  type OperationInputs,
  type OutputDeclaration,
  type Plan,
  type PlanNode,
  type Relationship,
  type RelationshipType,
  relationshipTypes,
  type StartInputs,
  type StopInputs,
  type ValidPlan,
} from "./plan-types.ts";
export { validate } from "./validate.ts";
export {
  attribute,
  type GetAttribute,
  type GetInput,
  type GetProperty,
  type InputDeclaration,
  type Intrinsic,
  input,
  isIntrinsic,
  type NodeRef,
  property,
  type Value,
} from "./values.ts";
