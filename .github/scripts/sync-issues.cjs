// Opens, updates and closes the reminder issues that `nhiemvu remind --format json` describes.
// Called from actions/github-script in overdue.yml, remind-weekly.yml and remind-monthly.yml;
// tested with a fake client by tests/node/sync-issues.test.mjs.
//
// data.issues: [{marker, title, body, open, mode}]
//   mode "update":  one lasting issue per marker (a division's overdue list), edited in place,
//                   closed with a comment when `open` is false (the list became empty).
//   mode "replace": a new issue each run (weekly/monthly reminder; notifies watchers);
//                   earlier open issues with the same marker are closed.
"use strict";

const BOT = "github-actions[bot]";

async function syncIssues({ github, context, data }) {
  const { owner, repo } = context.repo;
  const all = await github.paginate(github.rest.issues.listForRepo, {
    owner, repo, state: "open", creator: BOT, per_page: 100,
  });
  const mine = all.filter((i) => !i.pull_request && i.user && i.user.login === BOT);
  const done = [];
  for (const item of data.issues) {
    const existing = mine.filter((i) => (i.body || "").includes(item.marker));
    if (item.mode === "update") {
      const [first, ...extra] = existing;
      if (item.open && first) {
        await github.rest.issues.update({ owner, repo, issue_number: first.number, title: item.title, body: item.body });
        done.push({ action: "updated", number: first.number, marker: item.marker });
      } else if (item.open) {
        const { data: created } = await github.rest.issues.create({ owner, repo, title: item.title, body: item.body });
        done.push({ action: "created", number: created.number, marker: item.marker });
      }
      const toClose = item.open ? extra : existing;
      for (const old of toClose) {
        await github.rest.issues.createComment({ owner, repo, issue_number: old.number, body: item.closing || "Đã hết nhiệm vụ trong danh sách: đóng." });
        await github.rest.issues.update({ owner, repo, issue_number: old.number, state: "closed", state_reason: "completed" });
        done.push({ action: "closed", number: old.number, marker: item.marker });
      }
    } else if (item.mode === "replace") {
      let created = null;
      if (item.open) {
        ({ data: created } = await github.rest.issues.create({ owner, repo, title: item.title, body: item.body }));
        done.push({ action: "created", number: created.number, marker: item.marker });
      }
      for (const old of existing) {
        const note = created ? `Thay bằng #${created.number}.` : "Không còn nhiệm vụ cần nhắc: đóng.";
        await github.rest.issues.createComment({ owner, repo, issue_number: old.number, body: note });
        await github.rest.issues.update({ owner, repo, issue_number: old.number, state: "closed", state_reason: "completed" });
        done.push({ action: "closed", number: old.number, marker: item.marker });
      }
    } else {
      throw new Error(`unknown mode ${item.mode}`);
    }
  }
  return done;
}

module.exports = { syncIssues };
