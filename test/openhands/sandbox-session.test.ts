import { container, find, render } from '../support/fixtures';

const OPENHANDS = '[extended.manifests]\nsecurity_profile = "openhands"\n';
const withProfile = (toml: string) => (toml.includes('[extended.manifests]') ? toml.replace('[extended.manifests]', OPENHANDS.trim()) : `${toml}\n${OPENHANDS}`);

describe('SandboxSession parity with OpenHands', () => {
  const objects = render(OPENHANDS);

  test('names every object after the session as OpenHands does', () => {
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      'PersistentVolumeClaim/openhands-runtime-default-pvc', 'Pod/openhands-runtime-default', 'Service/openhands-runtime-default-svc',
      'Service/openhands-runtime-default-svc-code', 'Ingress/openhands-runtime-default-ingress-code',
    ]);
  });

  test('labels the pod with app and session', () => {
    expect(find(objects, 'Pod').metadata.labels).toMatchObject({ app: 'openhands-runtime', session: 'default' });
  });

  test('runs the action server command of the default web UI case', () => {
    expect(container(objects).command.join(' ')).toBe('/openhands/micromamba/bin/micromamba run -n openhands poetry run python -u -m openhands.runtime.action_execution_server 8080 --working-dir /workspace --plugins agent_skills jupyter vscode --username root --user-id 0');
  });

  test('sets the container name, working dir, env order and ports', () => {
    const c = container(objects);
    expect(c.name).toBe('runtime');
    expect(c.workingDir).toBe('/openhands/code/');
    expect(c.env).toEqual([{ name: 'port', value: '8080' }, { name: 'PYTHONUNBUFFERED', value: '1' }, { name: 'VSCODE_PORT', value: '8081' }]);
    expect(c.ports).toEqual([{ containerPort: 8080, name: 'http' }, { containerPort: 8081, name: 'vscode' }, { containerPort: 30082 }, { containerPort: 30083 }]);
  });

  test('probes readiness on /alive and sets no liveness probe', () => {
    const c = container(objects);
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/alive', port: 8080 }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 3 });
    expect(c.livenessProbe).toBeUndefined();
  });

  test('keeps none of the cdk8s-plus container defaults', () => {
    const c = container(objects);
    expect(c.securityContext).toEqual({ privileged: false });
    expect(c.imagePullPolicy).toBeUndefined();
    expect(c.resources).toEqual({ limits: { memory: '2Gi' }, requests: { cpu: '1', memory: '1Gi' } });
  });

  test('mounts the workspace claim and never restarts', () => {
    const pod = find(objects, 'Pod');
    expect(pod.spec.volumes).toEqual([{ name: 'workspace-volume', persistentVolumeClaim: { claimName: 'openhands-runtime-default-pvc' } }]);
    expect(container(objects).volumeMounts).toEqual([{ name: 'workspace-volume', mountPath: '/workspace' }]);
    expect(pod.spec.restartPolicy).toBe('Never');
    expect(Object.keys(pod.spec).sort()).toEqual(['containers', 'restartPolicy', 'volumes']);
  });

  test('requests a ReadWriteOnce claim of the configured size with no class by default', () => {
    expect(find(objects, 'PersistentVolumeClaim').spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } });
  });

  test('fronts the pod with the execution-server and code Services', () => {
    const selector = { app: 'openhands-runtime', session: 'default' };
    expect(find(objects, 'Service', 'openhands-runtime-default-svc').spec).toEqual({ type: 'ClusterIP', selector, ports: [{ name: 'execution-server', port: 8080, targetPort: 'http' }] });
    expect(find(objects, 'Service', 'openhands-runtime-default-svc-code').spec).toEqual({ type: 'ClusterIP', selector, ports: [{ name: 'code', port: 8081, targetPort: 'vscode' }] });
  });

  test('exposes VS Code at <sid>.<ingress_domain> with the external-dns annotation and no class', () => {
    const ingress = find(objects, 'Ingress');
    expect(ingress.metadata.annotations).toEqual({ 'external-dns.alpha.kubernetes.io/hostname': 'default.localhost' });
    expect(ingress.spec).toEqual({
      rules: [{ host: 'default.localhost', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'openhands-runtime-default-svc-code', port: { number: 8081 } } } }] } }],
    });
  });
});

describe('SandboxSession config fields', () => {
  test('writes resources exactly as configured', () => {
    const c = container(render(withProfile('[kubernetes]\nresource_cpu_request = "250m"\nresource_memory_request = "2048Mi"\nresource_memory_limit = "2Gi"')));
    expect(c.resources).toEqual({ limits: { memory: '2Gi' }, requests: { cpu: '250m', memory: '2048Mi' } });
  });

  test('keeps an empty storage class, which disables dynamic provisioning', () => {
    expect(find(render('[kubernetes]\npvc_storage_class = ""'), 'PersistentVolumeClaim').spec.storageClassName).toBe('');
    expect(find(render('[kubernetes]\npvc_storage_class = "gp3"'), 'PersistentVolumeClaim').spec.storageClassName).toBe('gp3');
  });

  test('adds the pull secret unless it is empty', () => {
    expect(find(render('[kubernetes]\nimage_pull_secret = "regcred"'), 'Pod').spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(find(render('[kubernetes]\nimage_pull_secret = ""'), 'Pod').spec.imagePullSecrets).toBeUndefined();
  });

  test('sets the node selector only when key and value are both set', () => {
    expect(find(render('[kubernetes]\nnode_selector_key = "pool"\nnode_selector_val = "agents"'), 'Pod').spec.nodeSelector).toEqual({ pool: 'agents' });
    expect(find(render('[kubernetes]\nnode_selector_key = ""\nnode_selector_val = ""'), 'Pod').spec.nodeSelector).toBeUndefined();
  });

  test('turns tolerations_yaml into Kubernetes tolerations with tolerationSeconds', () => {
    const pod = find(render('[kubernetes]\ntolerations_yaml = """\n- key: a\n  operator: Exists\n  effect: NoExecute\n  toleration_seconds: 60\n"""'), 'Pod');
    expect(pod.spec.tolerations).toEqual([{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }]);
    expect(find(render('[kubernetes]\ntolerations_yaml = ""'), 'Pod').spec.tolerations).toBeUndefined();
  });

  test('adds TLS for the ingress host when a secret is given', () => {
    const ingress = find(render('[kubernetes]\ningress_domain = "x.example.com"\ningress_tls_secret = "wild"'), 'Ingress');
    expect(ingress.spec.tls).toEqual([{ hosts: ['default.x.example.com'], secretName: 'wild' }]);
    expect(ingress.spec.rules[0].host).toBe('default.x.example.com');
  });

  test('runs privileged when asked', () => {
    expect(container(render(withProfile('[kubernetes]\nprivileged = true'))).securityContext).toEqual({ privileged: true });
  });

  test('mounts the workspace at core.workspace_mount_path_in_sandbox and works there', () => {
    const c = container(render('[core]\nworkspace_mount_path_in_sandbox = "/ws"'));
    expect(c.volumeMounts[0].mountPath).toBe('/ws');
    expect(c.command.slice(c.command.indexOf('--working-dir'), c.command.indexOf('--working-dir') + 2)).toEqual(['--working-dir', '/ws']);
  });

  test('adds DEBUG=true after the fixed variables and the startup env vars after it, in order', () => {
    const c = container(render('[core]\ndebug = true\n[sandbox]\nruntime_container_image = "img:1"\nruntime_startup_env_vars = { Z = "1", A = "2" }'));
    expect(c.env.map((e: { name: string }) => e.name)).toEqual(['port', 'PYTHONUNBUFFERED', 'VSCODE_PORT', 'DEBUG', 'Z', 'A']);
    expect(c.env[3]).toEqual({ name: 'DEBUG', value: 'true' });
  });

  test('appends --no-enable-browser when the browser is off', () => {
    expect(container(render('[core]\nenable_browser = false')).command.at(-1)).toBe('--no-enable-browser');
    expect(container(render()).command).not.toContain('--no-enable-browser');
  });

  test('passes the configured user id', () => {
    const command = container(render('[extended.manifests]\nuser_id = 1000')).command;
    expect(command.slice(-2)).toEqual(['--user-id', '1000']);
  });

  test('drops VS Code entirely when headless, unlike OpenHands', () => {
    const objects = render('[extended.manifests]\nheadless = true');
    expect(objects.map((object) => object.kind)).not.toContain('Ingress');
    expect(objects.some((object) => object.metadata.name.endsWith('-svc-code'))).toBe(false);
    const c = container(objects);
    expect(c.command).toEqual(expect.arrayContaining(['agent_skills', 'jupyter']));
    expect(c.command).not.toContain('vscode');
    expect(c.ports.map((p: { containerPort: number }) => p.containerPort)).toEqual([8080, 30082, 30083]);
  });

  test('uses the runtime image from the environment over the file', () => {
    expect(container(render('', { SANDBOX_RUNTIME_CONTAINER_IMAGE: 'other/runtime:2' })).image).toBe('other/runtime:2');
  });
});
