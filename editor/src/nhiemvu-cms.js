// Khởi động Decap CMS cho sổ theo dõi: định dạng tệp, bản dịch, không tải tệp đính kèm,
// đường dẫn tệp đúng quy tắc của sổ. Chạy sau decap-cms.js (window.CMS_MANUAL_INIT = true).
//
// Starts Decap CMS for the register, after decap-cms.js (loaded with CMS_MANUAL_INIT):
// - the register's file formats (nhiemvu-format.js, shapes from nhiemvu-formats.json);
// - the `vi` locale completed (nhiemvu-locale-vi.js);
// - a media library that does nothing: no upload can reach the repository;
// - every backend's persistEntry writes a document or an intake file at the register's own
//   path (`<year>/<number folded to ASCII>.yaml`, case kept: Decap would lower-case it), refuses
//   to overwrite an existing file and to save a changed number or year under the old name;
// - the GitHub backend's status check does not call githubstatus.com (the page talks only to
//   the configured backend);
// - Decap's reason-less rejection of a save with empty required fields is not logged as an error.
import * as YAML from './yaml/index.js';
import { makeFormats, registerPath } from './nhiemvu-format.js';
import { localePhrases } from './nhiemvu-locale-vi.js';

const CMS = window.CMS;
const MEDIA_LIBRARY = 'nhiemvu-khong-tep-dinh-kem';
const BACKENDS = ['proxy', 'github', 'gitlab', 'gitea', 'forgejo', 'azure', 'bitbucket', 'git-gateway',
  'aws-cognito-github-proxy', 'test-repo'];

class SaveRefused extends Error {}

async function exists(implementation, path) {
  try {
    const entry = await implementation.getEntry(path);
    return Boolean(entry && entry.data !== null && entry.data !== undefined);
  } catch {
    return false;
  }
}

function guard(implementation, rules, name) {
  const persistEntry = implementation.persistEntry.bind(implementation);
  implementation.persistEntry = async (entry, options) => {
    const rule = rules[options.collectionName];
    if (rule) {
      for (const file of entry.dataFiles) {
        const data = YAML.parse(file.raw, { schema: 'core' });
        const path = registerPath(rule, data);
        if (!path) {
          throw new SaveRefused('Chưa ghi số, ký hiệu hoặc ngày (YYYY-MM-DD): không đặt được tên tệp.');
        }
        if (options.newEntry) {
          if (await exists(implementation, path)) {
            throw new SaveRefused(`Đã có tệp ${path} cho số, ký hiệu này trong năm đó: mở tệp đó để bổ sung, ` +
              'mỗi văn bản chỉ có một tệp.');
          }
          options.commitMessage = options.commitMessage.split(file.path).join(path);
          file.path = path;
        } else if (file.path !== path) {
          throw new SaveRefused(`Số, ký hiệu hoặc năm đã đổi nên tệp phải đổi tên thành ${path}; biểu mẫu không ` +
            `đổi tên tệp. Trả lại giá trị cũ (tệp ${file.path}) hoặc nhờ cán bộ quản trị đổi tên tệp.`);
        }
      }
    }
    return persistEntry(entry, options);
  };
  if (name === 'proxy') {
    // `nhiemvu edit` answers «no draft for this entry» with 200 {nhiemvu: 'no-draft'} instead of
    // decap-server's 404 (which the browser logs as an error): Decap's own error for it.
    const unpublishedEntry = implementation.unpublishedEntry.bind(implementation);
    implementation.unpublishedEntry = async args => {
      const entry = await unpublishedEntry(args);
      if (entry && entry.nhiemvu === 'no-draft') {
        const error = new Error('content is not under editorial workflow');
        error.name = 'EDITORIAL_WORKFLOW_ERROR';
        error.notUnderEditorialWorkflow = true;
        throw error;
      }
      return entry;
    };
  }
  if (name === 'github' && typeof implementation.status === 'function') {
    implementation.status = async () => {
      const auth = implementation.api
        ? await implementation.api.getUser({ token: implementation.token ?? '' }).then(Boolean, () => false)
        : false;
      return { auth: { status: auth }, api: { status: true, statusPage: '' } };
    };
  }
  return implementation;
}

function guardBackends(descriptors) {
  const rules = {};
  for (const descriptor of Object.values(descriptors)) {
    if (descriptor.path) rules[descriptor.path.collection] = descriptor.path;
  }
  for (const name of BACKENDS) {
    const registered = CMS.getBackend(name);
    if (!registered) continue;
    const init = registered.init;
    registered.init = (...args) => guard(init(...args), rules, name);
  }
}

// Decap rejects a save with no reason once it has told the clerk, in Vietnamese, which required
// fields are empty (decap-cms-core persistEntry: `return Promise.reject()`), and nobody catches it:
// the browser would log «Uncaught (in promise) undefined». Only that reason-less rejection is
// marked handled; every other one is reported as usual.
window.addEventListener('unhandledrejection', event => {
  if (event.reason === undefined) event.preventDefault();
});

async function start() {
  const response = await fetch('nhiemvu-formats.json', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`nhiemvu-formats.json: ${response.status}`);
  const descriptors = await response.json();
  for (const [name, format] of Object.entries(makeFormats(YAML, descriptors))) {
    CMS.registerCustomFormat(name, 'yaml', format);
  }
  CMS.registerLocale('vi', localePhrases(CMS.getLocale('vi')));
  CMS.registerMediaLibrary({
    name: MEDIA_LIBRARY,
    init: () => ({ show() {}, hide() {}, enableStandalone: () => false }),
  });
  guardBackends(descriptors);
  CMS.init();
}

start().catch(error => {
  document.body.textContent = `Không mở được trình soạn thảo: ${error.message}`;
  throw error;
});
