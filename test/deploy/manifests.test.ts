/**
 * There is no container daemon or cluster here, so the deployment files are checked structurally:
 * parsed as YAML (or read as Dockerfile/nginx text) and held to what docs/operations.md promises. The
 * image itself is built and started by test/deploy/dockerfile.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(ROOT + path, 'utf8');

type Node = Record<string, unknown>;
const obj = (value: unknown): Node => {
  expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
  return value as Node;
};
const list = (value: unknown): unknown[] => {
  expect(Array.isArray(value)).toBe(true);
  return value as unknown[];
};
const dig = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((node, step) => (typeof step === 'number' ? list(node)[step] : obj(node)[step]), value);

function k8s(): Map<string, Node> {
  const byKind = new Map<string, Node>();
  for (const file of readdirSync(ROOT + 'deploy/k8s').filter((f) => f.endsWith('.yaml'))) {
    for (const doc of parseAllDocuments(read(`deploy/k8s/${file}`))) {
      expect(doc.errors).toEqual([]);
      const manifest = obj(doc.toJS());
      expect(manifest.apiVersion, file).toBeTypeOf('string');
      byKind.set(String(manifest.kind), manifest);
    }
  }
  return byKind;
}

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const stages = text.split(/^FROM /m).slice(1);

  it('is multi-stage on Node 24 and its last stage runs as a non-root user with a /health HEALTHCHECK', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/^node:24[-.\w]*/);
    const final = stages.at(-1)!;
    const user = final.match(/^USER\s+(\S+)/m)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(final).toMatch(/^HEALTHCHECK .*\/health/ms);
    expect(final).toMatch(/^CMD \["node", "dist\/index\.mjs"\]/m);
  });

  it('ships production dependencies only: node_modules comes from an `npm ci --omit=dev` stage', () => {
    const final = stages.at(-1)!;
    const from = [...final.matchAll(/^COPY --from=(\S+).*node_modules/gm)].map((m) => m[1]);
    expect(from).toHaveLength(1);
    const source = stages.find((s) => s.match(/AS (\S+)/)?.[1] === from[0]);
    expect(source).toMatch(/npm ci --omit=dev/);
    expect(final).not.toMatch(/npm (ci|install)(?! --omit=dev)/);
  });

  it('.dockerignore keeps node_modules, dist, tests and git out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', 'dist', 'test', '.git']) expect(ignored).toContain(entry);
  });
});

describe('compose.yaml', () => {
  const compose = obj(parse(read('compose.yaml'), { merge: true }));
  const services = obj(compose.services);

  it('runs the simulator, two facade replicas sharing Redis, Redis and nginx', () => {
    expect(Object.keys(services).sort()).toEqual(['facade-1', 'facade-2', 'nginx', 'redis', 'simulator']);
    // The image's bundle (no tsx in the image), probed without naming an API version.
    expect(dig(services, 'simulator', 'command')).toEqual(['node', 'dist/simulator.mjs']);
    expect(list(dig(services, 'simulator', 'healthcheck', 'test')).join(' ')).not.toMatch(/\/v\d/);
    for (const name of ['facade-1', 'facade-2']) {
      const env = obj(dig(services, name, 'environment'));
      // No version in the URL: the replicas discover it, as with a real server.
      expect(env.VBM_API_URL).toBe('http://simulator:4443');
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(env.HOST).toBe('0.0.0.0');
    }
    expect(dig(services, 'redis', 'command')).toContain('--maxmemory-policy');
    expect(list(dig(services, 'nginx', 'volumes'))).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(list(dig(services, 'nginx', 'ports'))).toEqual(['127.0.0.1:8080:8080']);
  });
});

describe('deploy/nginx.conf', () => {
  const text = read('deploy/nginx.conf');

  it('balances over both compose replicas and skips a failed one without replaying sent POSTs', () => {
    const upstream = text.match(/upstream facade \{([^}]*)\}/)?.[1] ?? '';
    expect([...upstream.matchAll(/server (\S+)/g)].map((m) => m[1])).toEqual(['facade-1:4000', 'facade-2:4000']);
    expect(text).toMatch(/proxy_pass http:\/\/facade;/);
    expect(text).toMatch(/proxy_next_upstream error timeout/);
    expect(text).not.toMatch(/non_idempotent/);
    expect(text.split('{').length).toBe(text.split('}').length);
  });
});

describe('deploy/k8s', () => {
  const manifests = k8s();

  it('Deployment: /ready readiness, /health liveness, preStop pause, non-root, REDIS_URL from a Secret', () => {
    const deployment = manifests.get('Deployment');
    const pod = dig(deployment, 'spec', 'template', 'spec');
    const container = obj(dig(pod, 'containers', 0));
    expect(dig(container, 'readinessProbe', 'httpGet', 'path')).toBe('/ready');
    expect(dig(container, 'livenessProbe', 'httpGet', 'path')).toBe('/health');
    expect(dig(container, 'lifecycle', 'preStop', 'exec', 'command')).toEqual(['sleep', '5']);
    expect(dig(pod, 'securityContext', 'runAsNonRoot')).toBe(true);
    expect(Number(dig(pod, 'terminationGracePeriodSeconds'))).toBeGreaterThan(5 + 10);
    const env = list(container.env).map(obj);
    const redis = env.find((e) => e.name === 'REDIS_URL');
    expect(dig(redis, 'valueFrom', 'secretKeyRef', 'name')).toBe(dig(manifests.get('Secret'), 'metadata', 'name'));
    expect(obj(dig(manifests.get('Secret'), 'stringData'))).toHaveProperty(String(dig(redis, 'valueFrom', 'secretKeyRef', 'key')));
    expect(env.find((e) => e.name === 'HOST')?.value).toBe('0.0.0.0');
  });

  it('Service, HPA and PDB select and scale that Deployment', () => {
    const labels = obj(dig(manifests.get('Deployment'), 'spec', 'template', 'metadata', 'labels'));
    expect(dig(manifests.get('Service'), 'spec', 'selector')).toEqual(labels);
    expect(dig(manifests.get('Service'), 'spec', 'ports', 0, 'targetPort')).toBe('http');
    expect(dig(manifests.get('PodDisruptionBudget'), 'spec', 'selector', 'matchLabels')).toEqual(labels);
    expect(dig(manifests.get('HorizontalPodAutoscaler'), 'apiVersion')).toBe('autoscaling/v2');
    expect(dig(manifests.get('HorizontalPodAutoscaler'), 'spec', 'scaleTargetRef', 'name')).toBe(dig(manifests.get('Deployment'), 'metadata', 'name'));
    expect(Number(dig(manifests.get('HorizontalPodAutoscaler'), 'spec', 'minReplicas'))).toBeGreaterThanOrEqual(2);
  });
});
