#!/usr/bin/env node
'use strict';
// Validates the Kubernetes manifests of every overlay in k8s/overlays:
//
//   1. `kubectl kustomize k8s/overlays/<name>` renders (offline; no cluster is contacted);
//   2. every object passes the kubernetes-models schema of its apiVersion/kind (CRDs that
//      kubernetes-models does not know get a structural check of their own, or fail);
//   3. the platform policy holds: every container has requests and limits, runs as non-root with
//      a read-only root file system, no privilege escalation and ALL capabilities dropped; every
//      Deployment has native gRPC liveness and readiness probes (the HTTP gateway: HTTP probes on
//      its admin port); every service has a Service, a migration Job, a PodDisruptionBudget and
//      NetworkPolicy coverage (ingress and egress, under a default deny); the gateway is deployed
//      with its Service, budget and configuration, and holds no secret;
//   4. deploy/Containerfile stays in step with tools/bootstrap and with the pods' user.
//
// Usage: node tests/k8s/validate.js [overlay...]   (from anywhere; paths are resolved from here)
// Prints every failure, then "N passed, M failed"; exits 1 when anything failed.

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const ROOT = path.resolve(__dirname, '..', '..');
const OVERLAYS_DIR = path.join(ROOT, 'k8s', 'overlays');
const SERVICES = ['registry', 'planning', 'documents', 'accounting', 'analytics'];
const IMAGE_UID = 10001;
const GRPC_PORT = 50051;
const ADMIN_PORT = 9090;
const VERBOSE = process.argv.includes('--verbose');

// Per-overlay expectations. An overlay not listed here is held to the production rules.
const EXPECT = {
  local: { replicas: 1, devOnlyAllowed: true },
  default: { minReplicas: 2, devOnlyAllowed: false },
};

let passed = 0;
let failed = 0;

// Runs one named check. `fn` returns a list of problems (empty when fine) or throws.
function check(name, fn) {
  let problems;
  try {
    problems = fn() || [];
  } catch (err) {
    problems = [err && err.message ? err.message : String(err)];
  }
  if (problems.length === 0) {
    passed++;
    if (VERBOSE) console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}`);
    for (const p of problems) console.log(`     - ${p}`);
  }
  return problems.length === 0;
}

// ---------------------------------------------------------------------------------------------
// Rendering and parsing

function render(overlayDir) {
  try {
    return execFileSync('kubectl', ['kustomize', overlayDir], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    if (err.code === 'ENOENT') {
      throw new Error('kubectl not found on PATH: it is needed to render the overlays');
    }
    const stderr = err.stderr ? String(err.stderr).trim() : err.message;
    throw new Error(`kubectl kustomize ${path.relative(ROOT, overlayDir)} failed: ${stderr}`);
  }
}

function parseDocuments(text) {
  const objects = [];
  const problems = [];
  YAML.parseAllDocuments(text).forEach((doc, i) => {
    for (const e of doc.errors) problems.push(`document ${i + 1}: ${e.message}`);
    const value = doc.toJS();
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || !value.apiVersion || !value.kind || !value.metadata ||
        !value.metadata.name) {
      problems.push(`document ${i + 1} is not a Kubernetes object with apiVersion, kind and name`);
      return;
    }
    objects.push(value);
  });
  return { objects, problems };
}

const id = (o) => `${o.kind}/${o.metadata.name}`;
const labelsOf = (o) => (o.metadata && o.metadata.labels) || {};

// ---------------------------------------------------------------------------------------------
// Schema validation

function modelClass(apiVersion, kind) {
  let mod;
  try {
    mod = require(`kubernetes-models/${apiVersion}`);
  } catch (err) {
    if (err.code === 'MODULE_NOT_FOUND' || err.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return null;
    throw err;
  }
  return typeof mod[kind] === 'function' ? mod[kind] : null;
}

// Custom resources kubernetes-models does not ship: a structural check each.
const CUSTOM_KINDS = {
  'monitoring.coreos.com/v1/ServiceMonitor': (obj, all) => {
    const problems = [];
    const spec = obj.spec || {};
    if (!spec.selector || typeof spec.selector !== 'object') problems.push('spec.selector is required');
    if (!Array.isArray(spec.endpoints) || spec.endpoints.length === 0) {
      problems.push('spec.endpoints must list at least one endpoint');
      return problems;
    }
    const services = all.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1' &&
      selectorMatches(spec.selector, labelsOf(o)));
    if (services.length === 0) problems.push('spec.selector matches no Service in the overlay');
    spec.endpoints.forEach((ep, i) => {
      if (typeof ep.port !== 'string' || ep.port === '') {
        problems.push(`spec.endpoints[${i}].port must name a Service port`);
        return;
      }
      for (const s of services) {
        if (!(s.spec.ports || []).some((p) => p.name === ep.port)) {
          problems.push(`${id(s)} has no port named "${ep.port}" (spec.endpoints[${i}])`);
        }
      }
    });
    return problems;
  },
};

// kustomize wraps long base64 values of Secrets and ConfigMaps (binaryData) over several lines;
// the API server's base64 decoder skips line breaks, kubernetes-models' "byte" format does not.
function asApiServerDecodes(obj) {
  const field = obj.kind === 'Secret' ? 'data' : obj.kind === 'ConfigMap' ? 'binaryData' : null;
  if (!field || !obj[field]) return obj;
  const copy = { ...obj, [field]: {} };
  for (const [k, v] of Object.entries(obj[field])) {
    copy[field][k] = typeof v === 'string' ? v.replace(/[\r\n]/g, '') : v;
  }
  return copy;
}

function validateSchema(obj, all) {
  const custom = CUSTOM_KINDS[`${obj.apiVersion}/${obj.kind}`];
  if (custom) return custom(obj, all);
  const Model = modelClass(obj.apiVersion, obj.kind);
  if (!Model) {
    return [`no schema for ${obj.apiVersion} ${obj.kind}: add it to CUSTOM_KINDS or use a ` +
            'kind kubernetes-models knows'];
  }
  new Model(asApiServerDecodes(obj)).validate(); // throws with every schema violation listed
  return [];
}

// ---------------------------------------------------------------------------------------------
// Helpers on pods, selectors and policies

function selectorMatches(selector, labels) {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels || {})) {
    if (labels[k] !== v) return false;
  }
  for (const e of selector.matchExpressions || []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values || [];
    switch (e.operator) {
      case 'In': if (!has || !values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

function podTemplateOf(obj) {
  switch (obj.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return obj.spec && obj.spec.template;
    case 'CronJob':
      return obj.spec && obj.spec.jobTemplate && obj.spec.jobTemplate.spec &&
        obj.spec.jobTemplate.spec.template;
    case 'Pod':
      return { metadata: obj.metadata, spec: obj.spec };
    default:
      return null;
  }
}

function allContainers(podSpec) {
  return [
    ...(podSpec.initContainers || []).map((c) => ({ c, kind: 'initContainer' })),
    ...(podSpec.containers || []).map((c) => ({ c, kind: 'container' })),
  ];
}

// The effective value of a security setting: the container's, else the pod's.
function effective(podSpec, container, key) {
  const cs = container.securityContext || {};
  if (cs[key] !== undefined) return cs[key];
  const ps = podSpec.securityContext || {};
  return ps[key];
}

// `crm` is true for the pods of Expo CRM itself (label app.kubernetes.io/part-of=expo-crm):
// they run the project's image, whose user is IMAGE_UID, and need a writable /tmp.
function containerPolicy(podSpec, c, crm) {
  const problems = [];
  const res = c.resources || {};
  for (const kind of ['requests', 'limits']) {
    for (const r of ['cpu', 'memory']) {
      if (!res[kind] || res[kind][r] === undefined || res[kind][r] === '') {
        problems.push(`resources.${kind}.${r} is not set`);
      }
    }
  }
  const sc = c.securityContext || {};
  if (effective(podSpec, c, 'runAsNonRoot') !== true) problems.push('runAsNonRoot is not true');
  if (effective(podSpec, c, 'runAsUser') === 0) problems.push('runAsUser is 0 (root)');
  if (sc.readOnlyRootFilesystem !== true) problems.push('readOnlyRootFilesystem is not true');
  if (sc.allowPrivilegeEscalation !== false) problems.push('allowPrivilegeEscalation is not false');
  if (sc.privileged === true) problems.push('privileged is true');
  const drop = (sc.capabilities && sc.capabilities.drop) || [];
  if (!drop.includes('ALL')) problems.push('capabilities.drop does not include ALL');
  if (sc.capabilities && (sc.capabilities.add || []).length > 0) {
    problems.push(`capabilities.add is not empty: ${sc.capabilities.add.join(', ')}`);
  }
  const seccomp = effective(podSpec, c, 'seccompProfile');
  if (!seccomp || seccomp.type !== 'RuntimeDefault') problems.push('seccompProfile is not RuntimeDefault');
  const image = String(c.image || '');
  if (!image) problems.push('image is not set');
  else if (!image.includes('@') && (!/:[^/]+$/.test(image) || image.endsWith(':latest'))) {
    problems.push(`image "${image}" is not pinned to a tag (or is :latest)`);
  }
  if (crm) {
    if (effective(podSpec, c, 'runAsUser') !== IMAGE_UID) {
      problems.push(`runAsUser is not ${IMAGE_UID} (the image's user)`);
    }
    const tmp = (c.volumeMounts || []).find((m) => m.mountPath === '/tmp');
    const vol = tmp && (podSpec.volumes || []).find((v) => v.name === tmp.name);
    if (!tmp || !vol || !vol.emptyDir || tmp.readOnly) {
      problems.push('no writable emptyDir at /tmp (needed with a read-only root file system)');
    }
  }
  return problems;
}

function namedPort(container, name) {
  const p = (container.ports || []).find((x) => x.name === name);
  return p ? p.containerPort : undefined;
}

function deploymentProbes(dep) {
  const problems = [];
  for (const c of dep.spec.template.spec.containers || []) {
    const grpcPort = namedPort(c, 'grpc');
    const adminPort = namedPort(c, 'admin');
    for (const probe of ['livenessProbe', 'readinessProbe']) {
      const p = c[probe];
      if (grpcPort === undefined && adminPort !== undefined && p && p.httpGet) {
        // A process that serves no gRPC (the HTTP gateway): HTTP probes on its admin port.
        if (p.httpGet.port !== 'admin' && p.httpGet.port !== adminPort) {
          problems.push(`container ${c.name}: ${probe} probes port ${p.httpGet.port}, not the admin port`);
        }
      } else if (!p || !p.grpc) {
        problems.push(`container ${c.name}: ${probe} is not a native gRPC probe`);
      } else if (grpcPort === undefined) {
        problems.push(`container ${c.name}: ${probe} probes gRPC but no containerPort is named grpc`);
      } else if (p.grpc.port !== grpcPort) {
        problems.push(`container ${c.name}: ${probe} probes port ${p.grpc.port}, the grpc port is ${grpcPort}`);
      }
    }
  }
  return problems;
}

// Each ingress/egress rule must name its peers and its ports: no "from anywhere"/"to anywhere".
function peerIsOpen(peer) {
  if (peer.ipBlock) return peer.ipBlock.cidr === '0.0.0.0/0' || peer.ipBlock.cidr === '::/0';
  const ns = peer.namespaceSelector;
  const pod = peer.podSelector;
  const empty = (s) => s && Object.keys(s.matchLabels || {}).length === 0 &&
    (s.matchExpressions || []).length === 0;
  return ns !== undefined && empty(ns) && (pod === undefined || empty(pod));
}

// An egress rule open to every address is allowed only when limited to named ports and when the
// policy says why in this annotation (e.g. the Kubernetes API server, an object store).
const OPEN_EGRESS_REASON = 'crm.expo.dev/open-egress-reason';

function policyRuleProblems(np) {
  const problems = [];
  const spec = np.spec || {};
  const reason = ((np.metadata.annotations || {})[OPEN_EGRESS_REASON] || '').trim();
  (spec.ingress || []).forEach((rule, i) => {
    if (!rule.from || rule.from.length === 0) problems.push(`ingress[${i}] admits every source`);
    else if (rule.from.some(peerIsOpen)) problems.push(`ingress[${i}] admits every namespace`);
    if (!rule.ports || rule.ports.length === 0) problems.push(`ingress[${i}] opens every port`);
  });
  (spec.egress || []).forEach((rule, i) => {
    const ported = rule.ports && rule.ports.length > 0;
    if (!ported) problems.push(`egress[${i}] opens every port`);
    if (!rule.to || rule.to.length === 0) problems.push(`egress[${i}] allows every destination`);
    else if (rule.to.some(peerIsOpen) && !(ported && reason)) {
      problems.push(`egress[${i}] allows every address or namespace without a ${OPEN_EGRESS_REASON} annotation`);
    }
  });
  return problems;
}

const policyTypes = (np) => (np.spec && np.spec.policyTypes) ||
  (np.spec && np.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
const sameNamespace = (a, b) => (a.metadata.namespace || '') === (b.metadata.namespace || '');

// ---------------------------------------------------------------------------------------------
// One overlay

// `overlay` is a name under k8s/overlays or a path to another kustomization directory (used to
// try the checks on a deliberately broken overlay).
function validateOverlay(overlay) {
  const isPath = overlay.includes('/') || overlay.includes(path.sep);
  const dir = isPath ? path.resolve(overlay) : path.join(OVERLAYS_DIR, overlay);
  const name = isPath ? path.basename(dir) : overlay;
  const expect = EXPECT[name] || EXPECT.default;
  let text = '';
  if (!check(`${name}: kubectl kustomize renders`, () => { text = render(dir); return []; })) return;

  let objects = [];
  if (!check(`${name}: rendered YAML parses`, () => {
    const parsed = parseDocuments(text);
    objects = parsed.objects;
    if (objects.length === 0) parsed.problems.push('the overlay renders no objects');
    return parsed.problems;
  })) return;

  for (const obj of objects) {
    check(`${name}: schema ${obj.apiVersion} ${id(obj)}`, () => validateSchema(obj, objects));
  }

  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const deployments = byKind('Deployment');
  const jobs = byKind('Job');
  const policies = byKind('NetworkPolicy');
  const pdbs = byKind('PodDisruptionBudget');
  const hpas = byKind('HorizontalPodAutoscaler');
  const services = byKind('Service');

  // Every container of every pod template, whatever the workload.
  for (const obj of objects) {
    const tpl = podTemplateOf(obj);
    if (!tpl) continue;
    const podSpec = tpl.spec || {};
    const crm = ((tpl.metadata && tpl.metadata.labels) || {})['app.kubernetes.io/part-of'] === 'expo-crm';
    for (const { c, kind } of allContainers(podSpec)) {
      check(`${name}: ${id(obj)} ${kind} ${c.name}: resources and security context`,
        () => containerPolicy(podSpec, c, crm));
    }
    check(`${name}: ${id(obj)}: covered by a NetworkPolicy`, () => {
      const labels = (tpl.metadata && tpl.metadata.labels) || {};
      const covering = policies.filter((np) => sameNamespace(np, obj) &&
        selectorMatches(np.spec.podSelector, labels));
      const problems = [];
      if (!covering.some((np) => policyTypes(np).includes('Ingress'))) problems.push('no Ingress policy selects its pods');
      if (!covering.some((np) => policyTypes(np).includes('Egress'))) problems.push('no Egress policy selects its pods');
      return problems;
    });
  }

  check(`${name}: a default-deny NetworkPolicy covers the namespace`, () => {
    const deny = policies.find((np) => {
      const sel = np.spec.podSelector || {};
      const types = policyTypes(np);
      return Object.keys(sel.matchLabels || {}).length === 0 &&
        (sel.matchExpressions || []).length === 0 &&
        types.includes('Ingress') && types.includes('Egress') &&
        (np.spec.ingress || []).length === 0 && (np.spec.egress || []).length === 0;
    });
    return deny ? [] : ['no NetworkPolicy with an empty podSelector, both policy types and no rules'];
  });

  for (const np of policies) {
    check(`${name}: ${id(np)}: rules name their peers and ports`, () => policyRuleProblems(np));
  }

  for (const dep of deployments) {
    check(`${name}: ${id(dep)}: liveness and readiness probes (native gRPC, or HTTP on admin)`, () => deploymentProbes(dep));
  }

  check(`${name}: crm-gateway is deployed in front of the services`, () => {
    const dep = deployments.find((d) => d.metadata.name === 'crm-gateway');
    if (!dep) return ['Deployment crm-gateway is missing'];
    const problems = [];
    const tpl = dep.spec.template;
    const main = tpl.spec.containers[0];
    const argv = [...(main.command || []), ...(main.args || [])];
    if (argv[0] !== 'crm-gateway' || argv[1] !== 'serve') problems.push(`runs ${JSON.stringify(argv)}`);
    for (const e of main.env || []) {
      if (e.name.startsWith('CRM_JWT_') || e.name === 'CRM_DATABASE_URL') {
        problems.push(`carries ${e.name}: tokens pass through to the services, which verify them`);
      }
    }
    const s = services.find((x) => sameNamespace(x, dep) && Object.keys(x.spec.selector || {}).length > 0 &&
      selectorMatches({ matchLabels: x.spec.selector }, tpl.metadata.labels || {}));
    if (!s || !(s.spec.ports || []).some((p) => p.name === 'http')) problems.push('no Service with a port named http');
    if (!pdbs.some((p) => sameNamespace(p, dep) && selectorMatches(p.spec.selector, tpl.metadata.labels || {}))) {
      problems.push('no PodDisruptionBudget selects its pods');
    }
    const configMaps = (main.envFrom || []).map((e) => e.configMapRef && e.configMapRef.name).filter(Boolean);
    const config = byKind('ConfigMap').find((c) => configMaps.includes(c.metadata.name));
    if (!config) problems.push('no ConfigMap in envFrom');
    else {
      // The development sign-in issues tokens for anyone: never in a deployment.
      const devSignIn = [(config.data || {}).CRM_GATEWAY_DEV_SIGNIN,
        ...(main.env || []).filter((e) => e.name === 'CRM_GATEWAY_DEV_SIGNIN').map((e) => e.value)];
      if (devSignIn.some((v) => v !== undefined && v !== '0')) {
        problems.push('turns CRM_GATEWAY_DEV_SIGNIN on: production tokens come from the identity provider');
      }
      for (const svc of SERVICES) {
        const v = `CRM_${svc.toUpperCase()}_ADDR`;
        if (!config.data || !config.data[v]) problems.push(`${id(config)} does not set ${v}`);
      }
      // The console signs in with the company's OpenID Connect provider (console/README.md):
      // outside the local overlay the gateway names it, and it is the issuer the services trust.
      const data = config.data || {};
      if (!expect.devOnlyAllowed) {
        const issuer = (data.CRM_GATEWAY_OIDC_ISSUER || '').replace(/\/+$/, '');
        if (!/^https:\/\/[^/]/.test(issuer)) {
          problems.push(`${id(config)}: CRM_GATEWAY_OIDC_ISSUER is not an https:// issuer, so the console cannot sign in`);
        }
        if (!data.CRM_GATEWAY_OIDC_CLIENT_ID) problems.push(`${id(config)} does not set CRM_GATEWAY_OIDC_CLIENT_ID`);
        const trusted = byKind('ConfigMap').filter((c) => sameNamespace(c, dep) && c.data && c.data.CRM_JWT_ISSUER)
          .map((c) => c.data.CRM_JWT_ISSUER.replace(/\/+$/, ''));
        if (issuer && trusted.some((t) => t !== issuer)) {
          problems.push(`CRM_GATEWAY_OIDC_ISSUER ${issuer} is not the services' CRM_JWT_ISSUER ${trusted.join(', ')}`);
        }
      }
      const redirect = data.CRM_GATEWAY_OIDC_REDIRECT_PATH;
      if (redirect !== undefined && !redirect.startsWith('/')) {
        problems.push(`CRM_GATEWAY_OIDC_REDIRECT_PATH ${redirect} is not a path`);
      }
    }
    return problems;
  });

  check(`${name}: all five services are deployed`, () => SERVICES
    .filter((s) => !deployments.some((d) => d.metadata.name === `crm-${s}`))
    .map((s) => `Deployment crm-${s} is missing`));

  // Per service: the Deployment's shape, its Service, Job, PDB, ingress rules and replicas.
  for (const svc of SERVICES) {
    const dep = deployments.find((d) => d.metadata.name === `crm-${svc}`);
    if (!dep) continue;
    const tpl = dep.spec.template;
    const podLabels = tpl.metadata.labels || {};
    const podSpec = tpl.spec;
    const main = podSpec.containers[0];
    const binary = `crm-${svc}`;

    check(`${name}: crm-${svc}: runs \`${binary} serve\` with graceful shutdown settings`, () => {
      const problems = [];
      const argv = [...(main.command || []), ...(main.args || [])];
      if (argv[0] !== binary || argv[1] !== 'serve') problems.push(`runs ${JSON.stringify(argv)}`);
      if (podSpec.terminationGracePeriodSeconds !== 30) problems.push('terminationGracePeriodSeconds is not 30');
      const pre = main.lifecycle && main.lifecycle.preStop && main.lifecycle.preStop.exec;
      if (!pre || JSON.stringify(pre.command) !== JSON.stringify(['sleep', '5'])) {
        problems.push('no preStop `sleep 5` (endpoint propagation before SIGTERM)');
      }
      if (!(podSpec.topologySpreadConstraints || []).length) problems.push('no topologySpreadConstraints');
      if (!selectorMatches(dep.spec.selector, podLabels)) problems.push('spec.selector does not match the pod labels');
      const envNames = (main.env || []).map((e) => e.name);
      const db = (main.env || []).find((e) => e.name === 'CRM_DATABASE_URL');
      if (!db || !db.valueFrom || !db.valueFrom.secretKeyRef) problems.push('CRM_DATABASE_URL does not come from a Secret');
      const jwt = ['CRM_JWT_HS256_SECRET', 'CRM_JWT_RS256_PUBLIC_KEY_FILE', 'CRM_JWT_JWKS_FILE'].filter((n) => envNames.includes(n));
      if (jwt.length !== 1) problems.push(`exactly one JWT setting expected, found ${jwt.length}`);
      const hs = (main.env || []).find((e) => e.name === 'CRM_JWT_HS256_SECRET');
      if (hs && !(hs.valueFrom && hs.valueFrom.secretKeyRef)) problems.push('CRM_JWT_HS256_SECRET does not come from a Secret');
      if (svc === 'accounting' && !envNames.includes('CRM_EXCHANGE_DIR')) problems.push('CRM_EXCHANGE_DIR is not set');
      // `serve` refuses to start without the tokens' audience; it comes from env or a ConfigMap.
      const fromConfigMaps = (main.envFrom || []).filter((e) => e.configMapRef)
        .map((e) => byKind('ConfigMap').find((cm) => cm.metadata.name === e.configMapRef.name && sameNamespace(cm, dep)))
        .some((cm) => cm && cm.data && cm.data.CRM_JWT_AUDIENCE);
      if (!envNames.includes('CRM_JWT_AUDIENCE') && !fromConfigMaps) problems.push('CRM_JWT_AUDIENCE is not set');
      if (podSpec.automountServiceAccountToken !== false) problems.push('automountServiceAccountToken is not false');
      return problems;
    });

    check(`${name}: crm-${svc}: connects to NATS as its own user, password from a Secret file`, () => {
      const problems = [];
      const env = main.env || [];
      const value = (n) => { const e = env.find((x) => x.name === n); return e ? e.value : undefined; };
      if (value('CRM_NATS_USER') !== svc) problems.push(`CRM_NATS_USER is ${value('CRM_NATS_USER')}, not ${svc}`);
      const file = value('CRM_NATS_PASSWORD_FILE');
      const mount = file && (main.volumeMounts || []).find((m) => file.startsWith(`${m.mountPath}/`));
      const volume = mount && (podSpec.volumes || []).find((v) => v.name === mount.name);
      if (!volume || !volume.secret) problems.push('CRM_NATS_PASSWORD_FILE is not a file of a mounted Secret');
      if (env.some((e) => /^CRM_NATS_(PASSWORD|TOKEN)$/.test(e.name))) problems.push('a NATS secret is a plain variable');
      if (!expect.devOnlyAllowed && !value('CRM_NATS_TLS_CA_FILE')) problems.push('CRM_NATS_TLS_CA_FILE is not set: NATS without TLS');
      return problems;
    });

    check(`${name}: crm-${svc}: replicas`, () => {
      const hpa = hpas.find((h) => h.spec.scaleTargetRef.kind === 'Deployment' &&
        h.spec.scaleTargetRef.name === dep.metadata.name);
      if (expect.replicas !== undefined) {
        return dep.spec.replicas === expect.replicas ? []
          : [`replicas is ${dep.spec.replicas}, this overlay wants ${expect.replicas}`];
      }
      if (hpa) {
        const problems = [];
        if ((hpa.spec.minReplicas || 1) < expect.minReplicas) problems.push(`HPA minReplicas below ${expect.minReplicas}`);
        if (dep.spec.replicas !== undefined) problems.push('spec.replicas is set although an HPA scales the Deployment');
        return problems;
      }
      return (dep.spec.replicas || 1) >= expect.minReplicas ? []
        : [`replicas is ${dep.spec.replicas || 1} and no HPA: at least ${expect.minReplicas} wanted`];
    });

    check(`${name}: crm-${svc}: a Service exposes the gRPC and admin ports`, () => {
      const s = services.find((x) => sameNamespace(x, dep) && selectorMatches({ matchLabels: x.spec.selector || {} }, podLabels) &&
        Object.keys(x.spec.selector || {}).length > 0);
      if (!s) return ['no Service selects its pods'];
      const problems = [];
      const grpc = (s.spec.ports || []).find((p) => p.name === 'grpc');
      if (!grpc) problems.push(`${id(s)} has no port named grpc`);
      else if (grpc.targetPort !== 'grpc' && grpc.targetPort !== namedPort(main, 'grpc')) problems.push(`${id(s)} grpc port does not target the container's grpc port`);
      if (!(s.spec.ports || []).some((p) => p.name === 'admin')) problems.push(`${id(s)} has no port named admin`);
      return problems;
    });

    check(`${name}: crm-${svc}: a migration Job runs \`${binary} migrate\` with the same image`, () => {
      const job = jobs.find((j) => {
        const c = j.spec.template.spec.containers[0];
        const argv = [...(c.command || []), ...(c.args || [])];
        return argv[0] === binary && argv[1] === 'migrate';
      });
      if (!job) return ['no Job runs the migrate command'];
      const c = job.spec.template.spec.containers[0];
      const problems = [];
      if (c.image !== main.image) problems.push(`${id(job)} uses ${c.image}, the Deployment ${main.image}`);
      const jobEnv = new Set((c.env || []).map((e) => e.name));
      if (!jobEnv.has('CRM_DATABASE_URL')) problems.push(`${id(job)} lacks CRM_DATABASE_URL`);
      for (const name of jobEnv) {
        // Least privilege: migrate needs the database and nothing secret besides it.
        if (name.startsWith('CRM_JWT_')) problems.push(`${id(job)} carries ${name}, which migrate does not use`);
      }
      if (job.spec.template.spec.restartPolicy !== 'Never' && job.spec.template.spec.restartPolicy !== 'OnFailure') {
        problems.push(`${id(job)} restartPolicy must be Never or OnFailure`);
      }
      return problems;
    });

    check(`${name}: crm-${svc}: a daily CronJob prunes its published outbox rows`, () => {
      const cron = byKind('CronJob').find((j) => {
        const c = j.spec.jobTemplate.spec.template.spec.containers[0];
        const argv = [...(c.command || []), ...(c.args || [])];
        return argv[0] === binary && argv[1] === 'outbox-prune';
      });
      if (!cron) return ['no CronJob runs the outbox-prune command'];
      const c = cron.spec.jobTemplate.spec.template.spec.containers[0];
      const argv = [...(c.command || []), ...(c.args || [])];
      const problems = [];
      if (c.image !== main.image) problems.push(`${id(cron)} uses ${c.image}, the Deployment ${main.image}`);
      // Never shorter than the PostgreSQL recovery window: outbox-republish must reach it.
      if (!(Number(argv[2]) >= 30)) problems.push(`${id(cron)} keeps ${argv[2]} days, at least 30 wanted`);
      if (cron.spec.concurrencyPolicy !== 'Forbid') problems.push(`${id(cron)} concurrencyPolicy is not Forbid`);
      const envNames = (c.env || []).map((e) => e.name);
      if (!envNames.includes('CRM_DATABASE_URL')) problems.push(`${id(cron)} lacks CRM_DATABASE_URL`);
      for (const n of envNames) {
        if (n.startsWith('CRM_JWT_')) problems.push(`${id(cron)} carries ${n}, which outbox-prune does not use`);
      }
      return problems;
    });

    if (svc === 'analytics') {
      check(`${name}: crm-${svc}: a suspended CronJob holds projection-rebuild`, () => {
        const cron = byKind('CronJob').find((j) => {
          const c = j.spec.jobTemplate.spec.template.spec.containers[0];
          const argv = [...(c.command || []), ...(c.args || [])];
          return argv[0] === binary && argv[1] === 'projection-rebuild';
        });
        if (!cron) return ['no CronJob holds the projection-rebuild command'];
        const c = cron.spec.jobTemplate.spec.template.spec.containers[0];
        const problems = [];
        // Run by hand only (kubectl create job --from=cronjob/...), never on its schedule.
        if (cron.spec.suspend !== true) problems.push(`${id(cron)} is not suspended`);
        if (cron.spec.concurrencyPolicy !== 'Forbid') problems.push(`${id(cron)} concurrencyPolicy is not Forbid`);
        if (c.image !== main.image) problems.push(`${id(cron)} uses ${c.image}, the Deployment ${main.image}`);
        const envNames = (c.env || []).map((e) => e.name);
        if (!envNames.includes('CRM_DATABASE_URL')) problems.push(`${id(cron)} lacks CRM_DATABASE_URL`);
        for (const n of envNames) {
          if (n.startsWith('CRM_JWT_')) problems.push(`${id(cron)} carries ${n}, which projection-rebuild does not use`);
        }
        return problems;
      });
    }

    check(`${name}: crm-${svc}: a PodDisruptionBudget covers it`, () => {
      const pdb = pdbs.find((p) => sameNamespace(p, dep) && selectorMatches(p.spec.selector, podLabels));
      if (!pdb) return ['no PodDisruptionBudget selects its pods'];
      const problems = [];
      if (pdb.spec.minAvailable === undefined && pdb.spec.maxUnavailable === undefined) {
        problems.push(`${id(pdb)} sets neither minAvailable nor maxUnavailable`);
      }
      if (pdb.spec.maxUnavailable === 0 || pdb.spec.maxUnavailable === '0%') {
        problems.push(`${id(pdb)} maxUnavailable 0 blocks every drain`);
      }
      return problems;
    });

    check(`${name}: crm-${svc}: ingress only to the gRPC and admin ports`, () => {
      const problems = [];
      for (const np of policies) {
        if (!sameNamespace(np, dep) || !selectorMatches(np.spec.podSelector, podLabels)) continue;
        (np.spec.ingress || []).forEach((rule, i) => {
          if (!rule.ports || rule.ports.length === 0) problems.push(`${id(np)} ingress[${i}] opens every port`);
          for (const p of rule.ports || []) {
            if (![GRPC_PORT, ADMIN_PORT, 'grpc', 'admin'].includes(p.port)) {
              problems.push(`${id(np)} ingress[${i}] opens port ${p.port}`);
            }
          }
        });
      }
      return problems;
    });
  }

  for (const hpa of hpas) {
    check(`${name}: ${id(hpa)}: scales an existing Deployment on CPU`, () => {
      const ref = hpa.spec.scaleTargetRef;
      const problems = [];
      if (!deployments.some((d) => ref.kind === 'Deployment' && d.metadata.name === ref.name)) {
        problems.push(`scaleTargetRef ${ref.kind}/${ref.name} is not in the overlay`);
      }
      if (!(hpa.spec.metrics || []).some((m) => m.type === 'Resource' && m.resource.name === 'cpu')) {
        problems.push('no CPU resource metric');
      }
      return problems;
    });
  }

  check(`${name}: dev-only objects ${expect.devOnlyAllowed ? 'are labelled as such' : 'are absent'}`, () => {
    const problems = [];
    for (const o of objects) {
      const devOnly = labelsOf(o)['crm.expo.dev/dev-only'] === 'true';
      if (devOnly && !expect.devOnlyAllowed) problems.push(`${id(o)} is labelled dev-only`);
      if (expect.devOnlyAllowed && (o.kind === 'StatefulSet' || o.metadata.name.startsWith('dev-')) && !devOnly) {
        problems.push(`${id(o)} looks like a dev-only backend but lacks crm.expo.dev/dev-only=true`);
      }
      if (!expect.devOnlyAllowed && o.kind === 'StatefulSet') {
        problems.push(`${id(o)}: stateful backends are external in this overlay`);
      }
    }
    return problems;
  });
}

// ---------------------------------------------------------------------------------------------
// The container image recipe

function shellPackages(words) {
  return words.filter((w) => w && !w.startsWith('-') && !w.startsWith('$') && !w.includes('='));
}

function containerfileChecks() {
  const file = path.join(ROOT, 'deploy', 'Containerfile');
  const bootstrap = path.join(ROOT, 'tools', 'bootstrap');
  let text = '';
  if (!check('deploy/Containerfile exists', () => {
    text = fs.readFileSync(file, 'utf8');
    return [];
  })) return;
  // Instructions with their continuation lines joined and comments dropped.
  const instructions = text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n')
    .replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter(Boolean);
  const stages = [];
  for (const ins of instructions) {
    if (/^FROM\s/i.test(ins)) stages.push({ from: ins, body: [] });
    else if (stages.length) stages[stages.length - 1].body.push(ins);
  }
  const aptPackages = (stage) => stage.body
    .filter((i) => /^RUN\s/i.test(i) && /apt-get\s+install/.test(i))
    .flatMap((i) => i.split(/apt-get\s+install/).slice(1)
      .map((rest) => rest.split(/&&|;|\|/)[0].trim().split(/\s+/)))
    .flatMap(shellPackages);

  check('deploy/Containerfile: builder packages come from tools/bootstrap', () => {
    const builder = stages.find((s) => /\sAS\s+builder\b/i.test(s.from));
    if (!builder) return ['no stage named builder'];
    const src = fs.readFileSync(bootstrap, 'utf8');
    const arrays = [...src.matchAll(/PACKAGES\+?=\(([\s\S]*?)\)/g)].map((m) => m[1]);
    const known = new Set(arrays.join(' ').split('\n').map((l) => l.replace(/#.*/, ''))
      .join(' ').split(/\s+/).filter(Boolean));
    const used = aptPackages(builder);
    if (used.length === 0) return ['the builder stage installs no apt packages'];
    return used.filter((p) => !known.has(p)).map((p) => `${p} is not in tools/bootstrap's PACKAGES`);
  });

  // The images the file can produce: the stages no other stage is built FROM, apart from the
  // builder (the default target, the last stage, and tools/image's from-host). Each must be built
  // on debian:12-slim, through its parent stages, and run as the pods' user.
  const stageName = (s) => (s.from.match(/\sAS\s+(\S+)$/i) || [])[1];
  const baseOf = (s) => s.from.split(/\s+/)[1];
  const named = (name) => stages.find((s) => stageName(s) === name);
  const images = stages.filter((s) => stageName(s) !== 'builder' &&
    !stages.some((other) => baseOf(other) === stageName(s)));
  for (const image of images) {
    check(`deploy/Containerfile: the ${stageName(image) || 'last'} image runs as ${IMAGE_UID} on debian:12-slim`, () => {
      const chain = [];
      for (let s = image; s && !chain.includes(s); s = named(baseOf(s))) chain.push(s);
      if (!/debian:12-slim/.test(baseOf(chain[chain.length - 1]))) {
        return [`${chain.map(stageName).join(' <- ')} is not built on debian:12-slim`];
      }
      const user = chain.map((s) => s.body.filter((i) => /^USER\s/i.test(i)).pop()).find(Boolean);
      if (!user) return ['no USER instruction in the stage or the stages it is built on'];
      return user.split(/\s+/)[1].split(':')[0] === String(IMAGE_UID) ? [] : [`${user} is not ${IMAGE_UID}`];
    });
  }
  check('deploy/Containerfile: the default target is the runtime image', () =>
    (stageName(stages[stages.length - 1]) === 'runtime' ? [] : ['the last stage is not named runtime']));
}

// ---------------------------------------------------------------------------------------------

// kubectl is not in Debian 12's archive (only a 1.20 client without kustomize components); a
// machine without it skips this test visibly (ctest SKIP_RETURN_CODE 77) instead of failing.
function kubectlAvailable() {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    return false;
  }
}

function main() {
  if (!kubectlAvailable()) {
    console.log('SKIPPED: kubectl is not installed; the manifests were not rendered');
    process.exitCode = 77;
    return;
  }
  const requested = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  let overlays = requested;
  if (overlays.length === 0) {
    overlays = fs.readdirSync(OVERLAYS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory()).map((d) => d.name).sort();
  }
  if (overlays.length === 0) {
    console.log(`FAIL no overlays in ${path.relative(ROOT, OVERLAYS_DIR)}`);
    failed++;
  }
  for (const name of overlays) {
    const before = { passed, failed };
    validateOverlay(name);
    console.log(`overlay ${path.basename(name)}: ${passed - before.passed} passed, ` +
                `${failed - before.failed} failed`);
  }
  containerfileChecks();
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main();
