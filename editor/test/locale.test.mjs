// Every string of Decap's English locale has a Vietnamese one in the locale we register.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import test from 'node:test';

import { localePhrases } from '../src/nhiemvu-locale-vi.js';

// The package's own sources (its built file needs a browser window).
const sources = join(dirname(createRequire(import.meta.url).resolve('decap-cms-locales/package.json')), 'src');
const load = async name => (await import(`data:text/javascript,${encodeURIComponent(
  readFileSync(join(sources, name, 'index.js'), 'utf8'))}`)).default;
const en = await load('en');
const vi = await load('vi');

function keys(node, prefix = '') {
  return Object.entries(node).flatMap(([key, value]) =>
    value && typeof value === 'object' ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`]);
}

function at(node, path) {
  return path.split('.').reduce((n, k) => (n == null ? undefined : n[k]), node);
}

test('every English key has a Vietnamese string', () => {
  const phrases = localePhrases(vi);
  const missing = keys(en).filter(key => typeof at(phrases, key) !== 'string');
  assert.deepEqual(missing, []);
  const untranslated = keys(en).filter(key => /^(Add|Save|Delete|Close|Copy|Notes?)\b/.test(at(phrases, key)));
  assert.deepEqual(untranslated, []);
});

test('the workflow says «Xuất bản», the add button «Thêm …»', () => {
  const phrases = localePhrases(vi);
  assert.equal(phrases.editor.editorToolbar.publish, 'Xuất bản');
  assert.equal(phrases.editor.editorToolbar.publishNow, 'Xuất bản ngay');
  assert.equal(phrases.editor.editorWidgets.list.add, 'Thêm %{item}');
  assert.doesNotMatch(JSON.stringify(phrases), /[Cc]ông bố/);
});
