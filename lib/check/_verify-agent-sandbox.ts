import { SANDBOX_SERVER_ENV } from '../agent-sandbox/agent-server';
import { objectRef, StreamObject } from './stream';
import { VerifyProblem } from './verify';

/** The namespace in `http://<service>.<namespace>.svc...`, the app server's, or undefined. */
function serviceNamespace(url: unknown): string | undefined {
  return typeof url === 'string' ? /^https?:\/\/[^./:]+\.([^./:]+)\.svc(?:[.:/]|$)/.exec(url)?.[1] : undefined;
}

/**
 * The agent-sandbox target's own cross-namespace wiring, which an overlay's `namespace:` breaks
 * without any selector changing: the sandbox-server's environment (a ConfigMap the app server reads
 * with `envFrom`, so it must stay in the app server's namespace, the one its webhook URL names) tells
 * the app server where to create claims (`OH_SANDBOX_NAMESPACE`), and the app server's RoleBinding
 * names its ServiceAccount in that namespace.
 */
export function agentSandboxProblems(objects: readonly StreamObject[], sandboxNamespaces: readonly string[]): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  const env = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name === SANDBOX_SERVER_ENV);
  if (!env || sandboxNamespaces.length === 0) return problems;
  const data = env.data ?? {};
  const target = data.OH_SANDBOX_NAMESPACE;
  if (typeof target === 'string' && !sandboxNamespaces.includes(target)) {
    problems.push({
      severity: 'error',
      object: objectRef(env),
      field: 'data.OH_SANDBOX_NAMESPACE',
      message: `is "${target}", but the SandboxTemplate, warm pool and governance are in ${sandboxNamespaces.map((n) => `"${n}"`).join(', ')}: the app server creates its claims where no warm pool, quota or policy is`,
      fix: `set kubernetes.namespace = "${sandboxNamespaces[0]}" and re-synth instead of moving the sandboxes with the overlay's namespace:`,
    });
  }
  const appServer = serviceNamespace(data.OH_SANDBOX_WEBHOOK_BASE_URL);
  if (appServer === undefined) return problems;
  if (env.metadata.namespace !== undefined && env.metadata.namespace !== appServer) {
    problems.push({
      severity: 'error',
      object: objectRef(env),
      field: 'metadata.namespace',
      message: `is "${env.metadata.namespace}", but the app server that reads it with envFrom is in "${appServer}" (its webhook URL, OH_SANDBOX_WEBHOOK_BASE_URL): it starts without OH_SANDBOX_KIND and never uses agent-sandbox`,
      fix: `keep the app server's objects out of the overlay's namespace: (set app_server.namespace and kubernetes.namespace and re-synth)`,
    });
  }
  for (const binding of objects.filter((object) => object.kind === 'RoleBinding' && sandboxNamespaces.includes(object.metadata.namespace ?? ''))) {
    (Array.isArray(binding.subjects) ? binding.subjects : []).forEach((subject: any, index: number) => {
      if (subject?.kind === 'ServiceAccount' && subject.namespace !== undefined && subject.namespace !== appServer) {
        problems.push({
          severity: 'error',
          object: objectRef(binding),
          field: `subjects[${index}].namespace`,
          message: `is "${subject.namespace}", but the app server runs in "${appServer}": its ServiceAccount there holds no claim or Sandbox permission, and the Sandbox policy's match condition names the other one`,
          fix: 'set app_server.namespace and re-synth instead of moving the app server\'s account with the overlay\'s namespace:',
        });
      }
    });
  }
  return problems;
}
