// The event contract, checked three ways so none of its descriptions drifts:
// 1. docs/asyncapi.yaml is a valid AsyncAPI document (the @asyncapi/parser other teams' tooling
//    uses; any diagnostic of severity error fails);
// 2. it and docs/events.md name the same subjects, each with the same payload message, and the
//    same message headers;
// 3. every topic declared in proto/crm/events/v1/*_topics.h is in its header's topic list (the
//    list the generator reads) and is named after its subject (crm.planning.sale.recorded ->
//    kSaleRecorded);
// 4. the "Who keeps a copy of what" table of docs/events.md has a row for every event, and the
//    consumers each row names are exactly the services whose events/ code routes the event to a
//    handler (router.On(kTopic, ...) or router.OnBatch(kTopic, ...)).
// Run from the repository root: node tests/contracts/validate_asyncapi.js
'use strict';

const fs = require('fs');
const path = require('path');
const { Parser, DiagnosticSeverity } = require('@asyncapi/parser');

const root = path.resolve(__dirname, '..', '..');
const failures = [];
const fail = (message) => failures.push(message);

// subject -> message name, from the "Event types" table of docs/events.md.
function documentedEvents() {
  const events = new Map();
  const text = fs.readFileSync(path.join(root, 'docs', 'events.md'), 'utf8');
  for (const line of text.split('\n')) {
    const m = /^\| `(crm\.[a-z0-9_.]+)` \| `(\w+)` \|/.exec(line);
    if (m) {
      if (events.has(m[1])) fail(`docs/events.md lists ${m[1]} twice`);
      events.set(m[1], m[2]);
    }
  }
  // Sections "### `crm.x.y.z` — `Message`" describe one event each.
  for (const m of text.matchAll(/^### `(crm\.[a-z0-9_.]+)`(?: — `(\w+)`)?/gm)) {
    if (!events.has(m[1])) fail(`docs/events.md has a section on ${m[1]}, which its table lacks`);
  }
  return events;
}

// The header names of the "Headers (CloudEvents ...)" table of docs/events.md.
function documentedHeaders() {
  const text = fs.readFileSync(path.join(root, 'docs', 'events.md'), 'utf8');
  const start = text.indexOf('\nHeaders (CloudEvents');
  if (start < 0) {
    fail('docs/events.md has no "Headers (CloudEvents ...)" table');
    return [];
  }
  const headers = [];
  for (const line of text.slice(start + 1).split('\n').slice(1)) {
    if (line.trim() === '' && headers.length) break;
    const m = /^\| `([A-Za-z-]+)` \|/.exec(line);
    if (m) headers.push(m[1]);
  }
  return headers;
}

function checkHeaders(document) {
  const schema = document.components().schemas().get('CloudEventsHeaders');
  if (!schema) {
    fail('docs/asyncapi.yaml has no components.schemas.CloudEventsHeaders');
    return;
  }
  const generated = Object.keys(schema.properties() || {}).sort();
  const documented = documentedHeaders().sort();
  if (generated.join(',') !== documented.join(',')) {
    fail(`headers: docs/events.md lists ${documented.join(', ')}; docs/asyncapi.yaml has ` +
         generated.join(', '));
  }
  for (const channel of document.channels().all()) {
    for (const message of channel.messages().all()) {
      if (!message.hasHeaders()) fail(`${channel.address()}: ${message.name()} has no headers`);
    }
  }
}

function checkTopicHeaders() {
  const dir = path.join(root, 'proto', 'crm', 'events', 'v1');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('_topics.h'))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const declared = [...text.matchAll(/Topic<\w+> (k\w+)\{\s*"(crm\.[a-z0-9_.]+)"\}/g)];
    if (declared.length === 0) fail(`${file} declares no topics`);
    const list = /TopicInfo \w+\[\] = \{([^}]*)\}/.exec(text);
    const listed = new Set(list ? [...list[1].matchAll(/InfoOf\((k\w+)\)/g)].map((m) => m[1]) : []);
    for (const [, name, subject] of declared) {
      const [, , aggregate, event] = subject.split('.');
      const expected = 'k' + `${aggregate}_${event}`.split('_')
          .map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
      if (name !== expected) fail(`${file}: ${name} for ${subject} should be named ${expected}`);
      if (!listed.has(name)) fail(`${file}: ${name} is missing from the header's topic list`);
    }
  }
}

// Topic constant -> subject, from proto/crm/events/v1/*_topics.h.
function declaredTopics() {
  const dir = path.join(root, 'proto', 'crm', 'events', 'v1');
  const topics = new Map();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('_topics.h'))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(/Topic<\w+> (k\w+)\{\s*"(crm\.[a-z0-9_.]+)"\}/g)) {
      topics.set(m[1], m[2]);
    }
  }
  return topics;
}

// subject -> the set of services whose events/*.cpp route it to a handler.
function consumersInCode() {
  const topics = declaredTopics();
  const consumers = new Map();
  const servicesDir = path.join(root, 'services');
  for (const service of fs.readdirSync(servicesDir)) {
    const dir = path.join(servicesDir, service, 'events');
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.cpp'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const m of text.matchAll(/\bOn(?:Batch)?\(\s*(?:[\w:]*::)?(k\w+)/g)) {
        const subject = topics.get(m[1]);
        if (!subject) {
          fail(`services/${service}/events/${file} routes ${m[1]}, which no *_topics.h declares`);
          continue;
        }
        if (!consumers.has(subject)) consumers.set(subject, new Set());
        consumers.get(subject).add(service);
      }
    }
  }
  return consumers;
}

// The "Who keeps a copy of what" table against the events and the code.
function checkCopies(documented) {
  const text = fs.readFileSync(path.join(root, 'docs', 'events.md'), 'utf8');
  const start = text.indexOf('\n## Who keeps a copy of what');
  if (start < 0) {
    fail('docs/events.md has no "Who keeps a copy of what" section');
    return;
  }
  const end = text.indexOf('\n## ', start + 1);
  const rows = new Map();
  for (const line of text.slice(start, end < 0 ? undefined : end).split('\n')) {
    const m = /^\| `(crm\.[a-z0-9_.]+)` \| ([^|]*) \| (.*) \|$/.exec(line);
    if (!m) continue;
    if (rows.has(m[1])) fail(`"Who keeps a copy of what" lists ${m[1]} twice`);
    const named = m[2].trim() === '—' ? [] : m[2].split(',').map((s) => s.trim());
    rows.set(m[1], new Set(named));
    if (!m[3].trim()) fail(`"Who keeps a copy of what": ${m[1]} says nothing`);
  }
  for (const subject of documented.keys()) {
    if (!rows.has(subject)) fail(`"Who keeps a copy of what" has no row for ${subject}`);
  }
  const inCode = consumersInCode();
  for (const [subject, named] of rows) {
    if (!documented.has(subject)) fail(`"Who keeps a copy of what" names ${subject}, no event`);
    const actual = inCode.get(subject) || new Set();
    const show = (s) => [...s].sort().join(', ') || 'nobody';
    if (show(named) !== show(actual)) {
      fail(`${subject}: "Who keeps a copy of what" says ${show(named)} consume it; the code ` +
           `routes it in ${show(actual)}`);
    }
  }
  console.log(`${rows.size} events in "Who keeps a copy of what", consumers as in the code`);
}

async function main() {
  const file = path.join(root, 'docs', 'asyncapi.yaml');
  const parser = new Parser();
  const { document, diagnostics } = await parser.parse(fs.readFileSync(file, 'utf8'), {
    source: file,
  });
  for (const d of diagnostics) {
    const where = d.path && d.path.length ? ` at ${d.path.join('.')}` : '';
    if (d.severity === DiagnosticSeverity.Error) fail(`asyncapi: ${d.message}${where}`);
  }
  if (!document) {
    fail('docs/asyncapi.yaml could not be parsed');
  } else {
    const documented = documentedEvents();
    const channels = new Map();
    for (const channel of document.channels().all()) {
      const messages = channel.messages().all().map((m) => m.name());
      channels.set(channel.address(), messages);
    }
    for (const [subject, message] of documented) {
      if (!channels.has(subject)) {
        fail(`${subject} is in docs/events.md but not in docs/asyncapi.yaml (no typed topic?)`);
      } else if (!channels.get(subject).includes(message)) {
        fail(`${subject}: docs/events.md says ${message}, docs/asyncapi.yaml says ` +
             channels.get(subject).join(', '));
      }
    }
    for (const subject of channels.keys()) {
      if (!documented.has(subject)) fail(`${subject} is published but not in docs/events.md`);
    }
    checkHeaders(document);
    checkCopies(documented);
    console.log(`${channels.size} channels in docs/asyncapi.yaml, ${documented.size} events in ` +
                'docs/events.md');
  }
  checkTopicHeaders();
  if (failures.length) {
    for (const f of failures) console.error(f);
    process.exit(1);
  }
  console.log('event contract consistent');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
