// decap-server ở chế độ git cho «nhiemvu edit»: chỉ nghe trên 127.0.0.1, chỉ nhận yêu cầu có
// mã bí mật do nhiemvu chuyển tiếp, tự dừng khi nhiemvu dừng.
//
// decap-server's own git middleware (what `MODE=git decap-server` runs), behind a shared
// secret: only `nhiemvu edit`'s front server (generator/editor.py), which checks the origin,
// the action and the paths, can reach it. Environment: GIT_REPO_DIRECTORY (read by
// decap-server), BIND_HOST (must be 127.0.0.1), PORT (0: any free port, printed as
// NHIEMVU_DECAP_PORT=<port>), NHIEMVU_DECAP_TOKEN, LOG_LEVEL. Exits when its stdin closes.
'use strict';

const crypto = require('crypto');
const { createRequire } = require('module');

const fromDecap = createRequire(require.resolve('decap-server/package.json'));
const express = fromDecap('express');
const { registerLocalGit } = require('decap-server/dist/middlewares');

const host = process.env.BIND_HOST;
const port = Number.parseInt(process.env.PORT || '0', 10);
const token = Buffer.from(process.env.NHIEMVU_DECAP_TOKEN || '', 'utf8');

if (host !== '127.0.0.1' || !Number.isInteger(port) || port < 0 || port > 65535 || token.length < 32) {
  console.error('decap-git-server: cần BIND_HOST=127.0.0.1, PORT hợp lệ và NHIEMVU_DECAP_TOKEN.');
  process.exit(2);
}

function authorised(req) {
  const given = Buffer.from(req.get('x-nhiemvu-token') || '', 'utf8');
  return given.length === token.length && crypto.timingSafeEqual(given, token);
}

const app = express();
app.disable('x-powered-by');
app.use((req, res, next) => (authorised(req) ? next() : res.status(403).json({ error: 'forbidden' })));

registerLocalGit(app, { logLevel: process.env.LOG_LEVEL || 'warn' })
  .then(() => {
    const server = app.listen(port, host, () => {
      console.log(`NHIEMVU_DECAP_PORT=${server.address().port}`);
    });
  })
  .catch(error => {
    console.error(`decap-git-server: ${error.message}`);
    process.exit(1);
  });

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
