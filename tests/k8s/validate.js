#!/usr/bin/env node
'use strict';
// Validates the Kubernetes manifests of every overlay in k8s/overlays:
//
//   1. `kubectl kustomize k8s/overlays/<name>` renders (offline; no cluster is contacted);
//   2. every object passes the kubernetes-models schema of its apiVersion/kind (CRDs that
//      kubernetes-models does not know get a structural check of their own, or fail);
//   3. the platform policy holds: every container has requests and limits, runs as non-root with
//      a read-only root file system, no privilege escalation and ALL capabilities dropped; every
//      Deployment has native gRPC liveness and readiness probes, or HTTP probes on its admin port
//      when it serves no gRPC (the gateway) or serves it over TLS (the kubelet's gRPC probes speak
//      plaintext only); every service has a Service, a migration Job, a PodDisruptionBudget and
//      NetworkPolicy coverage (ingress and egress, under a default deny); the gateway is deployed
//      with its Service, budget and configuration, and holds no secret; outside the local
//      overlay every service serves gRPC over mutual TLS from a mounted cert-manager certificate
//      naming its Service, every gRPC client (a pod given a CRM_<SERVICE>_ADDR) verifies the
//      services against a mounted CA and presents a client certificate, and reflection is off;
//   4. each transport check above fails on a copy of the production overlay broken on purpose
//      (BROKEN_OVERLAYS; only when no overlay is named on the command line);
//   5. deploy/Containerfile stays in step with tools/bootstrap and with the pods' user.
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
// `grpcTls`: the services serve gRPC over mutual TLS and their clients use it, reflection is off.
const EXPECT = {
  local: { replicas: 1, devOnlyAllowed: true, grpcTls: false },
  default: { minReplicas: 2, devOnlyAllowed: false, grpcTls: true },
};

let passed = 0;
let failed = 0;
// While the checks are tried on a deliberately broken overlay (brokenOverlayChecks), the failed
// checks are collected here instead of being counted and printed.
let captured = null;

// Runs one named check. `fn` returns a list of problems (empty when fine) or throws.
function check(name, fn) {
  let problems;
  try {
    problems = fn() || [];
  } catch (err) {
    problems = [err && err.message ? err.message : String(err)];
  }
  if (captured) {
    if (problems.length > 0) captured.push({ name, problems });
    return problems.length === 0;
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

// cert-manager's Certificate (cert-manager.io/v1): the fields of its CRD, and what cert-manager's
// webhook would refuse (no name to certify, a usage it does not know, renewBefore not shorter
// than duration, a weak key).
const CERTIFICATE_SPEC_FIELDS = new Set(['subject', 'literalSubject', 'commonName', 'duration',
  'renewBefore', 'renewBeforePercentage', 'dnsNames', 'ipAddresses', 'uris', 'otherNames',
  'emailAddresses', 'secretName', 'secretTemplate', 'keystores', 'issuerRef', 'isCA', 'usages',
  'privateKey', 'signatureAlgorithm', 'encodeUsagesInRequest', 'revisionHistoryLimit',
  'additionalOutputFormats', 'nameConstraints']);
const CERTIFICATE_USAGES = new Set(['signing', 'digital signature', 'content commitment',
  'key encipherment', 'key agreement', 'data encipherment', 'cert sign', 'crl sign',
  'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing',
  'email protection', 's/mime', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'timestamping',
  'ocsp signing', 'microsoft sgc', 'netscape sgc']);

// A Go duration as cert-manager takes it ("2160h", "1h30m"), in seconds; NaN when malformed.
function goDurationSeconds(text) {
  if (typeof text !== 'string' || !/^(\d+(\.\d+)?(h|m|s|ms))+$/.test(text)) return NaN;
  const unit = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) total += Number(m[1]) * unit[m[2]];
  return total;
}

function certificateProblems(obj) {
  const problems = [];
  const spec = obj.spec || {};
  for (const k of Object.keys(spec)) {
    if (!CERTIFICATE_SPEC_FIELDS.has(k)) problems.push(`spec.${k} is not a field of a Certificate`);
  }
  if (typeof spec.secretName !== 'string' || spec.secretName === '') problems.push('spec.secretName is required');
  const ref = spec.issuerRef || {};
  if (typeof ref.name !== 'string' || ref.name === '') problems.push('spec.issuerRef.name is required');
  if ((ref.group === undefined || ref.group === 'cert-manager.io') && ref.kind !== undefined &&
      !['Issuer', 'ClusterIssuer'].includes(ref.kind)) {
    problems.push(`spec.issuerRef.kind ${ref.kind} is neither Issuer nor ClusterIssuer`);
  }
  const lists = ['dnsNames', 'ipAddresses', 'uris', 'emailAddresses', 'usages'];
  for (const k of lists) {
    if (spec[k] !== undefined && (!Array.isArray(spec[k]) || spec[k].some((v) => typeof v !== 'string'))) {
      problems.push(`spec.${k} must be a list of strings`);
    }
  }
  const named = ['commonName', 'dnsNames', 'ipAddresses', 'uris', 'emailAddresses', 'otherNames']
    .some((k) => (Array.isArray(spec[k]) ? spec[k].length > 0 : Boolean(spec[k])));
  if (!named && !spec.literalSubject) problems.push('names nothing: set commonName, dnsNames, uris, ipAddresses or emailAddresses');
  if (typeof spec.commonName === 'string' && spec.commonName.length > 64) problems.push('spec.commonName is longer than 64 characters');
  for (const n of Array.isArray(spec.dnsNames) ? spec.dnsNames : []) {
    if (!/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(n)) {
      problems.push(`spec.dnsNames: ${n} is not a DNS name`);
    }
  }
  for (const u of Array.isArray(spec.usages) ? spec.usages : []) {
    if (!CERTIFICATE_USAGES.has(u)) problems.push(`spec.usages: ${u} is not a usage cert-manager knows`);
  }
  const duration = spec.duration === undefined ? 90 * 86400 : goDurationSeconds(spec.duration);
  if (Number.isNaN(duration)) problems.push(`spec.duration ${spec.duration} is not a duration such as 2160h`);
  if (spec.renewBefore !== undefined) {
    const renew = goDurationSeconds(spec.renewBefore);
    if (Number.isNaN(renew)) problems.push(`spec.renewBefore ${spec.renewBefore} is not a duration such as 720h`);
    else if (!Number.isNaN(duration) && renew >= duration) problems.push('spec.renewBefore is not shorter than spec.duration');
  }
  const key = spec.privateKey || {};
  const algorithm = key.algorithm || 'RSA';
  if (!['RSA', 'ECDSA', 'Ed25519'].includes(algorithm)) problems.push(`spec.privateKey.algorithm ${algorithm} is unknown`);
  if (algorithm === 'RSA' && key.size !== undefined && key.size < 2048) problems.push(`an RSA key of ${key.size} bits is too weak`);
  if (algorithm === 'ECDSA' && key.size !== undefined && ![256, 384, 521].includes(key.size)) {
    problems.push(`ECDSA size ${key.size} is not 256, 384 or 521`);
  }
  if (key.encoding !== undefined && !['PKCS1', 'PKCS8'].includes(key.encoding)) {
    problems.push(`spec.privateKey.encoding ${key.encoding} is neither PKCS1 nor PKCS8`);
  }
  if (key.rotationPolicy !== undefined && !['Never', 'Always'].includes(key.rotationPolicy)) {
    problems.push(`spec.privateKey.rotationPolicy ${key.rotationPolicy} is neither Never nor Always`);
  }
  return problems;
}
CUSTOM_KINDS['cert-manager.io/v1/Certificate'] = (obj) => certificateProblems(obj);

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

// A container's environment as the kubelet builds it: the ConfigMaps of envFrom (with their
// prefix), then env, which wins. A variable from a Secret or a field maps to { from: ... }.
function effectiveEnv(container, configMaps, namespace) {
  const env = new Map();
  for (const source of container.envFrom || []) {
    if (!source.configMapRef) continue;
    const cm = configMaps.find((c) => c.metadata.name === source.configMapRef.name &&
      (c.metadata.namespace || '') === (namespace || ''));
    for (const [k, v] of Object.entries((cm && cm.data) || {})) env.set(`${source.prefix || ''}${k}`, v);
  }
  for (const e of container.env || []) {
    env.set(e.name, e.valueFrom ? { from: e.valueFrom } : (e.value === undefined ? '' : String(e.value)));
  }
  return env;
}

const envValue = (env, name) => {
  const v = env.get(name);
  return typeof v === 'string' && v !== '' ? v : undefined;
};

// A container serving gRPC (a port named grpc) with a certificate configured.
const servesGrpcTls = (container, env) =>
  namedPort(container, 'grpc') !== undefined && envValue(env, 'CRM_GRPC_TLS_CERT_FILE') !== undefined;

// Where a file a variable names comes from: the Secret and key behind the volume mounted over it.
// Returns { secret, key, problems }; problems say why it is not a read-only file of a Secret that
// the kubelet keeps current (a subPath mount never sees a renewed Secret).
function secretFileSource(podSpec, container, file) {
  const mount = (container.volumeMounts || [])
    .filter((m) => file === m.mountPath || file.startsWith(`${m.mountPath.replace(/\/+$/, '')}/`))
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  if (!mount) return { problems: [`${file} is on no mounted volume`] };
  const problems = [];
  if (mount.readOnly !== true) problems.push(`the volume ${mount.name} holding ${file} is not mounted read-only`);
  if (mount.subPath || mount.subPathExpr) problems.push(`${file} is mounted with subPath: a renewed Secret never reaches it`);
  const rel = mount.subPath || file.slice(mount.mountPath.replace(/\/+$/, '').length + 1);
  const volume = (podSpec.volumes || []).find((v) => v.name === mount.name);
  const secrets = !volume ? []
    : volume.secret ? [{ name: volume.secret.secretName, items: volume.secret.items }]
      : volume.projected ? (volume.projected.sources || []).filter((x) => x.secret)
        .map((x) => ({ name: x.secret.name, items: x.secret.items })) : [];
  for (const sec of secrets) {
    if (!sec.items) {
      if (secrets.length === 1) return { secret: sec.name, key: rel, problems };
      continue;
    }
    const item = sec.items.find((i) => i.path === rel);
    if (item) return { secret: sec.name, key: item.key, problems };
  }
  problems.push(`${file} is not a file of a Secret (volume ${mount.name})`);
  return { problems };
}

function deploymentProbes(dep, configMaps) {
  const problems = [];
  const probeNames = ['startupProbe', 'livenessProbe', 'readinessProbe'];
  for (const c of dep.spec.template.spec.containers || []) {
    const grpcPort = namedPort(c, 'grpc');
    const adminPort = namedPort(c, 'admin');
    const tls = servesGrpcTls(c, effectiveEnv(c, configMaps, dep.metadata.namespace));
    if (grpcPort === undefined || tls) {
      // HTTP on the admin port: a process that serves no gRPC (the HTTP gateway), or one serving
      // it over TLS, which the kubelet's native gRPC probes cannot speak. A service's /serving
      // says what its gRPC health status says; its /readyz also fails while the database is
      // down, which must take no replica out of the Service and restart none (docs/operations.md,
      // "Probes and shutdown"). The gateway's /readyz is its /serving.
      const wanted = {
        startupProbe: ['/healthz', '/serving'],
        livenessProbe: ['/healthz'],
        readinessProbe: tls ? ['/serving'] : ['/serving', '/readyz'],
      };
      for (const probe of probeNames) {
        const p = c[probe];
        if (tls && p && p.grpc) {
          problems.push(`container ${c.name}: ${probe} is a native gRPC probe, which speaks plaintext to a TLS port`);
          continue;
        }
        if (!p && probe === 'startupProbe' && !tls) continue;
        if (!p || !p.httpGet) {
          problems.push(`container ${c.name}: ${probe} is not an HTTP probe on the admin port` +
            (tls ? ' (it serves gRPC over TLS)' : ''));
          continue;
        }
        if (adminPort === undefined || (p.httpGet.port !== 'admin' && p.httpGet.port !== adminPort)) {
          problems.push(`container ${c.name}: ${probe} probes port ${p.httpGet.port}, not the admin port`);
        }
        const path = p.httpGet.path;
        if (!wanted[probe].includes(path)) {
          problems.push(`container ${c.name}: ${probe} probes ${path}, not ${wanted[probe].join(' or ')}`);
        }
      }
      continue;
    }
    for (const probe of ['livenessProbe', 'readinessProbe']) {
      const p = c[probe];
      if (!p || !p.grpc) {
        problems.push(`container ${c.name}: ${probe} is not a native gRPC probe`);
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
// `as` names the expectations to hold it to (EXPECT) when they are not those of its name.
function validateOverlay(overlay, as) {
  const isPath = overlay.includes('/') || overlay.includes(path.sep);
  const dir = isPath ? path.resolve(overlay) : path.join(OVERLAYS_DIR, overlay);
  const name = as || (isPath ? path.basename(dir) : overlay);
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
    check(`${name}: ${id(dep)}: probes (native gRPC on a plaintext gRPC port, else HTTP on admin)`,
      () => deploymentProbes(dep, byKind('ConfigMap')));
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

  // gRPC over mutual TLS (docs/operations.md, "Transport"): each service serves the certificate
  // cert-manager keeps in a mounted Secret, naming the addresses its clients dial, and requires
  // client certificates of the CA; every process given a service's address verifies it against
  // the same CA and presents a client certificate; reflection is off.
  if (expect.grpcTls) grpcTlsChecks(name, objects);

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
// gRPC transport security of one overlay

const ADDR_VARIABLE = new RegExp(`^CRM_(${SERVICES.map((x) => x.toUpperCase()).join('|')})_ADDR$`);

// "dns:///crm-registry:50051", "crm-registry:50051" -> "crm-registry"
const dialledHost = (address) => address.replace(/^[a-z]+:(\/\/[^/]*\/)?/, '').replace(/:\d+$/, '');

function grpcTlsChecks(name, objects) {
  const configMaps = objects.filter((o) => o.kind === 'ConfigMap');
  const certificates = objects.filter((o) => o.kind === 'Certificate' && o.apiVersion === 'cert-manager.io/v1');
  const certificateOf = (secret, ns) => certificates.find((c) => c.spec && c.spec.secretName === secret &&
    (c.metadata.namespace || '') === (ns || ''));
  const usages = (cert) => cert.spec.usages || [];
  const caSources = []; // { who, secret, key } of every CA file, servers' and clients'
  const issuers = new Set();

  // The files of `variables` in a container: each must be a read-only file of a Secret.
  const filesOf = (podSpec, c, env, variables, problems) => variables.map((v) => {
    const file = envValue(env, v);
    if (!file) { problems.push(`${v} is not set`); return null; }
    const src = secretFileSource(podSpec, c, file);
    problems.push(...src.problems.map((p) => `${v}: ${p}`));
    return src.secret ? src : null;
  });

  // The certificate and key pair must be one cert-manager Certificate's Secret, keys tls.crt and
  // tls.key, with the usage `usage`.
  const pairProblems = (cert, key, ns, usage) => {
    if (!cert || !key) return { problems: [] };
    const problems = [];
    if (cert.secret !== key.secret) problems.push(`the certificate (${cert.secret}) and the key (${key.secret}) come from different Secrets`);
    if (cert.key !== 'tls.crt' || key.key !== 'tls.key') problems.push(`the pair is not the keys tls.crt and tls.key of ${cert.secret}`);
    const certificate = certificateOf(cert.secret, ns);
    if (!certificate) {
      problems.push(`the Secret ${cert.secret} is issued by no cert-manager Certificate of the overlay`);
      return { problems };
    }
    if (!usages(certificate).includes(usage)) problems.push(`${id(certificate)} lacks the usage "${usage}"`);
    const ref = certificate.spec.issuerRef || {};
    issuers.add(`${ref.kind || 'Issuer'}/${ref.name}`);
    return { problems, certificate };
  };

  const serverCertificates = new Map(); // service -> its Certificate
  for (const svc of SERVICES) {
    const dep = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === `crm-${svc}`);
    if (!dep) continue;
    const podSpec = dep.spec.template.spec;
    const c = podSpec.containers[0];
    const env = effectiveEnv(c, configMaps, dep.metadata.namespace);
    check(`${name}: crm-${svc}: serves gRPC over mutual TLS with a certificate naming its Service`, () => {
      const problems = [];
      const [cert, key, ca] = filesOf(podSpec, c, env,
        ['CRM_GRPC_TLS_CERT_FILE', 'CRM_GRPC_TLS_KEY_FILE', 'CRM_GRPC_TLS_CLIENT_CA_FILE'], problems);
      if (ca) caSources.push({ who: `crm-${svc}`, ...ca });
      const pair = pairProblems(cert, key, dep.metadata.namespace, 'server auth');
      problems.push(...pair.problems);
      if (pair.certificate) {
        serverCertificates.set(svc, pair.certificate);
        const ns = dep.metadata.namespace;
        const names = pair.certificate.spec.dnsNames || [];
        const podLabels = dep.spec.template.metadata.labels || {};
        for (const service of objects.filter((o) => o.kind === 'Service' && sameNamespace(o, dep) &&
          Object.keys(o.spec.selector || {}).length > 0 && selectorMatches({ matchLabels: o.spec.selector }, podLabels))) {
          for (const n of [service.metadata.name, ...(ns ? [`${service.metadata.name}.${ns}.svc`] : [])]) {
            if (!names.includes(n)) problems.push(`${id(pair.certificate)} does not name ${n}`);
          }
        }
      }
      return problems;
    });
    check(`${name}: crm-${svc}: gRPC reflection is off`, () =>
      (envValue(env, 'CRM_GRPC_REFLECTION') === '0' ? []
        : [`CRM_GRPC_REFLECTION is ${JSON.stringify(envValue(env, 'CRM_GRPC_REFLECTION') || 'unset (on)')}, not 0`]));
  }

  // The clients: every container of any workload that is given a service's address.
  for (const obj of objects) {
    const tpl = podTemplateOf(obj);
    if (!tpl) continue;
    const podSpec = tpl.spec || {};
    for (const { c } of allContainers(podSpec)) {
      const env = effectiveEnv(c, configMaps, obj.metadata.namespace);
      const dialled = [...env.keys()].filter((k) => ADDR_VARIABLE.test(k) && envValue(env, k));
      if (dialled.length === 0) continue;
      check(`${name}: ${id(obj)} ${c.name}: dials the services over TLS with a client certificate`, () => {
        const problems = [];
        const [ca, cert, key] = filesOf(podSpec, c, env,
          ['CRM_GRPC_TLS_CA_FILE', 'CRM_GRPC_TLS_CERT_FILE', 'CRM_GRPC_TLS_KEY_FILE'], problems);
        if (ca) caSources.push({ who: id(obj), ...ca });
        problems.push(...pairProblems(cert, key, obj.metadata.namespace, 'client auth').problems);
        for (const v of dialled) {
          const svc = v.slice('CRM_'.length, -'_ADDR'.length).toLowerCase();
          const host = dialledHost(envValue(env, v));
          const serverCert = serverCertificates.get(svc);
          if (serverCert && !(serverCert.spec.dnsNames || []).includes(host)) {
            problems.push(`${v} dials ${host}, which ${id(serverCert)} does not name: the name check would fail`);
          }
        }
        return problems;
      });
    }
  }

  check(`${name}: the gRPC certificates come from one issuer and every party trusts one CA`, () => {
    const problems = [];
    if (issuers.size > 1) problems.push(`the certificates come from ${[...issuers].join(', ')}`);
    const cas = new Set(caSources.map((x) => `${x.secret}/${x.key}`));
    if (cas.size > 1) {
      problems.push(`the CA files differ: ${caSources.map((x) => `${x.who} ${x.secret}/${x.key}`).join(', ')}`);
    }
    return problems;
  });
}

// ---------------------------------------------------------------------------------------------
// The transport checks tried on broken copies of the production overlay: each copy (the overlay
// plus one patch, rendered from a temporary directory) must fail the named check with the named
// problem, so a check that stopped looking would fail here.

const deploymentPatch = (deployment, container) => ({
  target: { kind: 'Deployment', name: deployment },
  patch: YAML.stringify({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: deployment },
    spec: { template: { spec: { containers: [{ name: 'crm', ...container }] } } },
  }),
});

const BROKEN_OVERLAYS = [
  {
    what: 'a service without its certificate variable',
    patch: deploymentPatch('crm-planning', { env: [{ name: 'CRM_GRPC_TLS_CERT_FILE', $patch: 'delete' }] }),
    check: /crm-planning: serves gRPC over mutual TLS/, problem: /CRM_GRPC_TLS_CERT_FILE is not set/,
  },
  {
    what: 'a service without the certificate volume mounted',
    patch: deploymentPatch('crm-documents', { volumeMounts: [{ mountPath: '/etc/crm/grpc-tls', $patch: 'delete' }] }),
    check: /crm-documents: serves gRPC over mutual TLS/, problem: /is on no mounted volume/,
  },
  {
    what: 'a service without the client CA (no mutual TLS)',
    patch: deploymentPatch('crm-registry', { env: [{ name: 'CRM_GRPC_TLS_CLIENT_CA_FILE', $patch: 'delete' }] }),
    check: /crm-registry: serves gRPC over mutual TLS/, problem: /CRM_GRPC_TLS_CLIENT_CA_FILE is not set/,
  },
  {
    what: 'the gateway without the services\' CA',
    patch: deploymentPatch('crm-gateway', { env: [{ name: 'CRM_GRPC_TLS_CA_FILE', $patch: 'delete' }] }),
    check: /crm-gateway crm: dials the services over TLS/, problem: /CRM_GRPC_TLS_CA_FILE is not set/,
  },
  {
    what: 'the gateway without its client certificate',
    patch: deploymentPatch('crm-gateway', { env: [{ name: 'CRM_GRPC_TLS_CERT_FILE', $patch: 'delete' }] }),
    check: /crm-gateway crm: dials the services over TLS/, problem: /CRM_GRPC_TLS_CERT_FILE is not set/,
  },
  {
    what: 'a TLS-serving service with a native gRPC readiness probe',
    patch: deploymentPatch('crm-accounting', { readinessProbe: { httpGet: null, grpc: { port: GRPC_PORT } } }),
    check: /Deployment\/crm-accounting: probes/, problem: /readinessProbe is a native gRPC probe/,
  },
  {
    what: 'a TLS-serving service with a native gRPC startup probe',
    patch: deploymentPatch('crm-analytics', { startupProbe: { httpGet: null, grpc: { port: GRPC_PORT } } }),
    check: /Deployment\/crm-analytics: probes/, problem: /startupProbe is a native gRPC probe/,
  },
  {
    what: 'liveness on /readyz (a database outage would restart every pod)',
    patch: deploymentPatch('crm-registry', { livenessProbe: { httpGet: { path: '/readyz', port: 'admin' } } }),
    check: /Deployment\/crm-registry: probes/, problem: /livenessProbe probes \/readyz, not \/healthz/,
  },
  {
    what: 'readiness on /readyz (a database outage would empty the Service)',
    patch: deploymentPatch('crm-planning', { readinessProbe: { httpGet: { path: '/readyz', port: 'admin' } } }),
    check: /Deployment\/crm-planning: probes/, problem: /readinessProbe probes \/readyz, not \/serving/,
  },
  {
    what: 'reflection on',
    patch: deploymentPatch('crm-accounting', { env: [{ name: 'CRM_GRPC_REFLECTION', value: '1' }] }),
    check: /crm-accounting: gRPC reflection is off/, problem: /CRM_GRPC_REFLECTION is "1"/,
  },
  {
    what: 'a certificate that does not name the address the gateway dials',
    patch: {
      target: { kind: 'Certificate', name: 'crm-planning-grpc' },
      patch: YAML.stringify([{ op: 'replace', path: '/spec/dnsNames', value: ['crm-planning.expo-crm.svc'] }]),
    },
    check: /crm-gateway crm: dials the services over TLS/, problem: /dials crm-planning, which Certificate\/crm-planning-grpc does not name/,
  },
  {
    what: 'a certificate renewed no earlier than it expires',
    patch: {
      target: { kind: 'Certificate', name: 'crm-registry-grpc' },
      patch: YAML.stringify([{ op: 'replace', path: '/spec/renewBefore', value: '2160h' }]),
    },
    check: /schema cert-manager.io\/v1 Certificate\/crm-registry-grpc/, problem: /renewBefore is not shorter/,
  },
  {
    what: 'the gateway\'s certificate without client auth',
    patch: {
      target: { kind: 'Certificate', name: 'crm-gateway-grpc' },
      patch: YAML.stringify([{ op: 'replace', path: '/spec/usages', value: ['digital signature', 'server auth'] }]),
    },
    check: /crm-gateway crm: dials the services over TLS/, problem: /lacks the usage "client auth"/,
  },
];

function brokenOverlayChecks() {
  const production = path.join(OVERLAYS_DIR, 'production');
  if (!fs.existsSync(production)) return;
  const tmp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'crm-k8s-'));
  try {
    BROKEN_OVERLAYS.forEach((broken, i) => {
      const dir = path.join(tmp, `broken-${i}`);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'kustomization.yaml'), YAML.stringify({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: [path.relative(dir, production)],
        patches: [broken.patch],
      }));
      check(`production, broken: ${broken.what} is refused`, () => {
        captured = [];
        try {
          validateOverlay(dir, 'production');
        } finally {
          const got = captured;
          captured = null;
          broken.result = got;
        }
        const hit = broken.result.find((f) => broken.check.test(f.name) && f.problems.some((p) => broken.problem.test(p)));
        if (hit) return [];
        return [`no failed check matching ${broken.check} with a problem matching ${broken.problem}; failed: ` +
          (broken.result.map((f) => `${f.name}: ${f.problems.join('; ')}`).join(' | ') || 'none')];
      });
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
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
  if (requested.length === 0) brokenOverlayChecks();
  containerfileChecks();
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main();
