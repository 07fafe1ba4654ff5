// tests/install/textmate.cjs GRAMMAR_DIR NODE_MODULES - tokenises
// tests/install/sample.blc the way VS Code does (vscode-textmate on the
// Oniguruma regex engine, with VS Code's C grammar for source.c) using the
// extension in GRAMMAR_DIR (grammar/textmate, or an installed copy), and
// asserts the scopes under each probe: the two keywords get ours at every
// depth, C keeps C's, and comments and strings stay comments and strings.
'use strict';
const fs = require('fs');
const path = require('path');

const [grammarDir, nodeModules] = process.argv.slice(2);
const need = (name) => require(path.join(nodeModules, name));
const vsctm = need('vscode-textmate');
const oniguruma = need('vscode-oniguruma');

let passed = 0, failed = 0;
function check(what, ok, detail) {
  console.log(`  ${ok ? 'ok' : 'FAIL'} ${what}${ok ? '' : ': ' + detail}`);
  ok ? passed++ : failed++;
}

// A probe: a line pattern, the word in it, and a scope that must be in the
// word's scope stack (or, with '!', must not).
const probes = [
  [/^coroutine int fetch/, 'coroutine', 'storage.modifier.coroutine.blc'],
  [/^coroutine void echoer/, 'coroutine', 'storage.modifier.coroutine.blc'],
  [/n = yield bl_recv/, 'yield', 'keyword.control.yield.blc'],
  [/if \(\(yield bl_sendall/, 'yield', 'keyword.control.yield.blc'],
  [/#define AWAIT/, 'yield', 'keyword.control.yield.blc'],
  [/A yield in a comment/, 'yield', 'comment.block.c'],
  [/A yield in a comment/, 'yield', '!keyword.control.yield.blc'],
  [/"no yield here/, 'yield', 'string.quoted.double.c'],
  [/"no yield here/, 'yield', '!keyword.control.yield.blc'],
  [/int yielded/, 'yielded', '!keyword.control.yield.blc'],
  [/^#include <bluelet/, 'include', 'keyword.control.directive.include.c'],
  [/^static inline/, 'static', 'storage.modifier.c'],
  [/^coroutine int fetch/, 'int', 'storage.type.built-in.primitive.c'],
  [/^coroutine void echoer/, 'void', 'storage.type.built-in.primitive.c'],
  [/^coroutine void echoer/, 'echoer', 'entity.name.function.c'],
  [/^\s*return;/, 'return', 'keyword.control.c'],
  [/^\s*for \(;;\)/, 'for', 'keyword.control.c'],
  [/^\s*break/, 'break', 'keyword.control.c'],
];

function scopesAt(tokens, line, col) {
  const t = tokens.find((t) => t.startIndex <= col && col < t.endIndex);
  return t ? t.scopes : [];
}

async function main() {
  const manifest = JSON.parse(fs.readFileSync(path.join(grammarDir, 'package.json'), 'utf8'));
  const contrib = manifest.contributes.grammars.find((g) => g.scopeName === 'source.blc');
  check('package.json contributes source.blc', !!contrib, 'no grammar with scopeName source.blc');
  const lang = (manifest.contributes.languages || []).find((l) => contrib && l.id === contrib.language);
  check('package.json maps .blc to it', !!lang && lang.extensions.includes('.blc'),
        JSON.stringify(manifest.contributes.languages));
  if (!contrib) return;

  const wasm = fs.readFileSync(path.join(nodeModules, 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const files = {
    'source.blc': path.join(grammarDir, contrib.path),
    'source.c': path.join(nodeModules, 'tm-grammars', 'grammars', 'c.json'),
  };
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => files[scope]
      ? vsctm.parseRawGrammar(fs.readFileSync(files[scope], 'utf8'), files[scope])
      : null,
  });
  const grammar = await registry.loadGrammar('source.blc');
  check('grammar loads', !!grammar, 'loadGrammar returned null');
  if (!grammar) return;

  const lines = fs.readFileSync(path.join(__dirname, 'sample.blc'), 'utf8').split('\n');
  const tokens = [];
  let stack = vsctm.INITIAL;
  for (const line of lines) {
    const r = grammar.tokenizeLine(line, stack);
    tokens.push(r.tokens);
    stack = r.ruleStack;
  }
  for (const [re, word, scope] of probes) {
    const what = `${re.source} ${word} ${scope}`;
    const l = lines.findIndex((s) => re.test(s));
    const col = l < 0 ? -1 : lines[l].search(new RegExp(`\\b${word}\\b`));
    if (col < 0) { check(what, false, 'not found in sample.blc'); continue; }
    const scopes = scopesAt(tokens[l], l, col);
    const want = !scope.startsWith('!');
    const has = scopes.includes(want ? scope : scope.slice(1));
    check(what, has === want, `scopes are [${scopes.join(' ')}]`);
  }
}

main().catch((e) => { check('tokenise sample.blc', false, e.stack); })
  .finally(() => {
    console.log(`textmate: ${passed} passed, ${failed} failed`);
    process.exitCode = failed ? 1 : 0;
  });
