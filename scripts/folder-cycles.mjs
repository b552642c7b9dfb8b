#!/usr/bin/env node
/**
 * The lint step for ties that run both ways between folders of src/ (audit -> auth -> audit, say).
 * dependency-cruiser's own `circular` rule sees files only, so this folds its graph to folders and
 * names, for each folder cycle, one import behind every step. Type-only imports count: a tie is a
 * tie whether or not it loads code. Specs and the composition root (src/*.ts) are left out.
 *
 *   node scripts/folder-cycles.mjs [project-dir]
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? '.');
const cruised = spawnSync(
  join(root, 'node_modules/.bin/depcruise'),
  ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
  {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  },
);
if (!cruised.stdout) {
  console.error(cruised.stderr || 'dependency-cruiser printed nothing');
  process.exit(2);
}

const folderOf = (path) => /^src\/([^/]+)\/.*\.ts$/.exec(path)?.[1] ?? null;
const counted = (path) => folderOf(path) !== null && !path.endsWith('.spec.ts');

/** folder -> folder it imports -> one import that makes the tie ("a.ts imports b.ts"). */
const ties = new Map();
for (const module of JSON.parse(cruised.stdout).modules) {
  if (!counted(module.source)) continue;
  const from = folderOf(module.source);
  for (const dependency of module.dependencies) {
    const to = folderOf(dependency.resolved);
    if (!to || to === from) continue;
    if (!ties.has(from)) ties.set(from, new Map());
    if (!ties.get(from).has(to)) ties.get(from).set(to, `${module.source} imports ${dependency.resolved}`);
  }
}

const cycles = stronglyConnected([...ties.keys()], (folder) => [...(ties.get(folder)?.keys() ?? [])]).filter((group) => group.length > 1);
for (const group of cycles) {
  const members = new Set(group);
  console.error(`error folder-cycle: ${group.join(', ')} import each other:`);
  for (const from of group) {
    for (const [to, example] of ties.get(from) ?? []) if (members.has(to)) console.error(`  ${from} -> ${to}: ${example}`);
  }
}
if (cycles.length) process.exit(1);
console.log(`no folder cycles (${ties.size} folders)`);

/** Tarjan's strongly connected components, each sorted by name. */
function stronglyConnected(nodes, next) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const groups = [];
  const visit = (node) => {
    index.set(node, index.size);
    low.set(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (const other of next(node)) {
      if (!index.has(other)) {
        visit(other);
        low.set(node, Math.min(low.get(node), low.get(other)));
      } else if (onStack.has(other)) low.set(node, Math.min(low.get(node), index.get(other)));
    }
    if (low.get(node) !== index.get(node)) return;
    const group = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    groups.push(group.sort());
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return groups;
}
