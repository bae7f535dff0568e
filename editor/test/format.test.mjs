// The register's file formats for Decap CMS (src/nhiemvu-format.js), run by tests/test_cms.py:
// NHIEMVU_FORMATS names the descriptors generator/cms.py generated, NHIEMVU_REPO the repository.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import test from 'node:test';

import * as YAML from 'yaml';

import { cleanText, makeFormats, plainIsNotString, registerPath, slugifyNumber, SOURCE_KEY } from '../src/nhiemvu-format.js';

const repo = process.env.NHIEMVU_REPO;
const descriptors = JSON.parse(readFileSync(process.env.NHIEMVU_FORMATS, 'utf8'));
const formats = makeFormats(YAML, descriptors);

function formatOf(path) {
  if (/\/documents\/\d{4}\/[^/]+\.yaml$/.test(path)) return 'nhiemvu-document';
  if (/\/intake\/\d{4}\/[^/]+\.yaml$/.test(path)) return 'nhiemvu-intake';
  const name = path.split('/').pop().replace(/\.yaml$/, '');
  return ['agencies', 'signers', 'calendar', 'register'].includes(name) ? `nhiemvu-${name}` : null;
}

function* yamlFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* yamlFiles(path);
    else if (name.endsWith('.yaml')) yield path;
  }
}

function registerFiles() {
  const roots = [join(repo, 'register'), join(repo, 'tests', 'data')];
  const out = [];
  for (const root of roots) {
    for (const path of yamlFiles(root)) {
      const rel = relative(repo, path);
      if (!rel.includes('register/') || !formatOf(rel)) continue;
      const text = readFileSync(path, 'utf8');
      const doc = YAML.parseDocument(text, { schema: 'core' });
      if (doc.errors.length || doc.warnings.length || text.startsWith('\ufeff')) continue; // broken on purpose
      out.push([rel, text]);
    }
  }
  return out;
}

test('every register file read and saved unchanged gives back its very bytes', () => {
  const files = registerFiles();
  assert.ok(files.length > 150, `only ${files.length} files`);
  for (const [rel, text] of files) {
    const format = formats[formatOf(rel)];
    const data = format.fromFile(text);
    assert.equal(data[SOURCE_KEY], text);
    assert.equal(format.toFile(data), text, rel);
    // Decap keeps its own copy: a deep clone must give the same result
    assert.equal(format.toFile(structuredClone(data)), text, rel);
  }
});

test('every file re-read after any one-key change keeps every other line', () => {
  const files = registerFiles().filter(([rel]) => rel.startsWith('register/documents/'));
  for (const [rel, text] of files.slice(0, 20)) {
    const format = formats['nhiemvu-document'];
    const data = format.fromFile(text);
    data.title = `${data.title} (sửa)`;
    const out = format.toFile(data);
    const before = text.split('\n');
    const after = out.split('\n');
    assert.equal(after.length, before.length, rel);
    const changed = before.filter((line, i) => line !== after[i]);
    assert.equal(changed.length, 1, rel);
    assert.match(changed[0], /^title: /, rel);
  }
});

const HAND_EDITED = `# yaml-language-server: $schema=../../../generator/schemas/document.schema.json
# Nhập tay: chú thích, dòng trống, danh sách [..], dấu nháy.
number: "99/TB-UBND"
title: 'Thông báo kết luận: họp giao ban'
issued: 2026-11-02
signer: CT
submitted_by: null
urgency: normal
secrecy: none

tasks:
  # Nhiệm vụ đầu tiên
  - id: 1
    content: Tổng hợp báo cáo   # cuối dòng
    assignee: STC
    coordinators: [SNV, SXD]
    monitor: TH
    classification: QC45_b
    deadline: 2026-12-15
    progress: []

  - id: 2
    content: "Rà soát: các dự án chậm"
    assignee: SXD
    monitor: KT
    classification: QC45_d
`;

test('appending progress and an extension adds lines and changes nothing else', () => {
  const format = formats['nhiemvu-document'];
  const data = format.fromFile(HAND_EDITED);
  data.tasks[0].progress.push({ date: '2026-11-20', status: 'in_progress', note: '  Đã  họp ', report: '' });
  data.tasks[0].extensions = [{ deadline: '2027-01-15', document: '12/UBND-TH', date: '2026-11-25' }];
  data.tasks[1].progress = [{ date: '2026-11-21', status: 'done' }];
  const out = format.toFile(data);
  assert.equal(out, HAND_EDITED
    .replace('    deadline: 2026-12-15\n    progress: []\n',
      '    deadline: 2026-12-15\n    extensions:\n      - deadline: 2027-01-15\n        document: 12/UBND-TH\n' +
      '        date: 2026-11-25\n    progress:\n      - date: 2026-11-20\n        status: in_progress\n' +
      '        note: Đã họp\n')
    .replace('    classification: QC45_d\n', '    classification: QC45_d\n    progress:\n      - date: 2026-11-21\n' +
      '        status: done\n'));
});

test('a removed task takes only its own lines; reordered tasks keep their comments', () => {
  const format = formats['nhiemvu-document'];
  const data = format.fromFile(HAND_EDITED);
  data.tasks.pop();
  assert.equal(format.toFile(data), HAND_EDITED.slice(0, HAND_EDITED.indexOf('\n\n  - id: 2') + 1));
  const again = format.fromFile(HAND_EDITED);
  again.tasks.reverse();
  const out = format.toFile(again);
  assert.deepEqual(YAML.parse(out).tasks.map(t => t.id), [2, 1]);
  assert.match(out, /^# yaml-language-server: /);
  assert.match(out, /# Nhiệm vụ đầu tiên\n/);
  assert.match(out, /content: Tổng hợp báo cáo +# cuối dòng\n/);
  assert.doesNotMatch(out, /^[ \t]+$/m);
});

test('a cleared optional key goes, an empty key that was written stays', () => {
  const format = formats['nhiemvu-document'];
  const data = format.fromFile(HAND_EDITED);
  data.tasks[0].coordinators = [];
  data.submitted_by = '';
  const out = format.toFile(data);
  assert.doesNotMatch(out, /coordinators/);
  assert.match(out, /\nsubmitted_by: null\n/);
});

test('a new document is written in the schema order, with the modeline and the house style', () => {
  const format = formats['nhiemvu-document'];
  const out = format.toFile({
    tasks: [
      { progress: [], classification: 'QC45_c', monitor: 'TH', coordinators: [], assignee: 'STC', content: 'yes', id: 1 },
      { id: 2, content: '15:00', assignee: 'SXD', coordinators: ['SNV', 'STP'], monitor: 'KT',
        classification: 'QC45_a', deadline: '2026-12-31', extensions: [] },
    ],
    secrecy: 'none', urgency: 'normal', submitted_by: '', signer: 'CT', issued: '2026-11-20',
    title: 'Về việc  thử\u0301 ', number: '27/QĐ-UBND',
  });
  assert.equal(out, `# yaml-language-server: $schema=../../../generator/schemas/document.schema.json
number: 27/QĐ-UBND
title: Về việc thử́
issued: 2026-11-20
signer: CT
urgency: normal
secrecy: none
tasks:
  - id: 1
    content: "yes"
    assignee: STC
    monitor: TH
    classification: QC45_c
  - id: 2
    content: "15:00"
    assignee: SXD
    coordinators: [SNV, STP]
    monitor: KT
    classification: QC45_a
    deadline: 2026-12-31
`.replace('thử́', 'thử\u0301'.normalize('NFC')));
});

test('agencies.yaml: a top-level list edited through a wrapping key, comments kept', () => {
  const text = readFileSync(join(repo, 'register', 'agencies.yaml'), 'utf8');
  const format = formats['nhiemvu-agencies'];
  const data = format.fromFile(text);
  assert.ok(Array.isArray(data.items) && data.items.length > 20);
  data.items[1].email = 'hanhchinh@example.gov.vn';
  data.items.push({ code: 'SO_MOI', name: 'Sở Mới', kind: 'department', valid_from: '2026-12-01', email: '' });
  const out = format.toFile(data);
  const expected = text.replace('  email: hctc@example.gov.vn\n', '  email: hanhchinh@example.gov.vn\n') +
    '- code: SO_MOI\n  name: Sở Mới\n  kind: department\n  valid_from: 2026-12-01\n';
  assert.equal(out, expected);
});

test('calendar.yaml: a new day is written like the others, on one line', () => {
  const text = readFileSync(join(repo, 'register', 'calendar.yaml'), 'utf8');
  const format = formats['nhiemvu-calendar'];
  const data = format.fromFile(text);
  data.days_off.push({ date: '2027-01-01', reason: 'Tết Dương lịch' });
  const out = format.toFile(data);
  assert.equal(out, text.replace('working_days:\n', '  - {date: 2027-01-01, reason: Tết Dương lịch}\nworking_days:\n'));
});

test('register.yaml: a changed time stays quoted for PyYAML', () => {
  const text = readFileSync(join(repo, 'register', 'register.yaml'), 'utf8');
  const format = formats['nhiemvu-register'];
  const data = format.fromFile(text);
  data.weekly_update.before = '16:30';
  assert.equal(format.toFile(data), text.replace('before: "15:00"', 'before: "16:30"'));
});

test('paths follow the register rule, case kept', () => {
  const rule = descriptors['nhiemvu-document'].path;
  assert.equal(registerPath(rule, { number: ' 45/QĐ-UBND ', issued: '2026-03-02' }),
    'register/documents/2026/45-QD-UBND.yaml');
  assert.equal(registerPath(rule, { number: '45/QĐ-UBND', issued: '' }), null);
  assert.equal(registerPath(descriptors['nhiemvu-intake'].path, { number: '215/TTr-SNNMT', received: '2026-02-13' }),
    'register/intake/2026/215-TTr-SNNMT.yaml');
  assert.equal(slugifyNumber('///'), 'van-ban');
});

test('text is cleaned as nhiemvu fix cleans it', () => {
  assert.equal(cleanText('  a \t b  '), 'a b');
  assert.equal(cleanText('e\u0301'), '\u00e9');
  assert.equal(cleanText('dòng 1  \n  dòng 2\n'), 'dòng 1\ndòng 2\n');
  assert.ok(plainIsNotString('on') && plainIsNotString('1_000') && plainIsNotString('2026-03-02'));
  assert.ok(!plainIsNotString('45/QĐ-UBND') && !plainIsNotString('Sở Tài chính'));
});
