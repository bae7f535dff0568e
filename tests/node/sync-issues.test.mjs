// Tests .github/scripts/sync-issues.cjs against an in-memory issue tracker (node --test).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { syncIssues } = require("../../.github/scripts/sync-issues.cjs");
const BOT = "github-actions[bot]";

function tracker(issues) {
  const state = { issues: issues.map((i) => ({ state: "open", ...i })), comments: [], next: 100 };
  const rest = {
    issues: {
      listForRepo: async () => ({ data: state.issues.filter((i) => i.state === "open") }),
      create: async ({ title, body }) => {
        const issue = { number: state.next++, title, body, state: "open", user: { login: BOT } };
        state.issues.push(issue);
        return { data: issue };
      },
      update: async ({ issue_number, ...fields }) => {
        const issue = state.issues.find((i) => i.number === issue_number);
        Object.assign(issue, fields);
        return { data: issue };
      },
      createComment: async ({ issue_number, body }) => {
        state.comments.push({ issue_number, body });
        return { data: {} };
      },
    },
  };
  const github = { rest, paginate: async (fn, args) => (await fn(args)).data };
  return { state, github, context: { repo: { owner: "o", repo: "r" } } };
}

test("update mode edits the division's issue in place, creates missing ones, closes empty ones", async () => {
  const t = tracker([
    { number: 1, title: "old TH", body: "<!-- nhiemvu-overdue:TH -->\nold", user: { login: BOT } },
    { number: 2, title: "old KT", body: "<!-- nhiemvu-overdue:KT -->\nold", user: { login: BOT } },
    { number: 3, title: "forged", body: "<!-- nhiemvu-overdue:VX -->", user: { login: "someone" } },
  ]);
  const data = { issues: [
    { marker: "<!-- nhiemvu-overdue:TH -->", title: "TH: 2", body: "<!-- nhiemvu-overdue:TH -->\nnew", open: true, mode: "update" },
    { marker: "<!-- nhiemvu-overdue:KT -->", title: "KT: 0", body: "", open: false, mode: "update" },
    { marker: "<!-- nhiemvu-overdue:VX -->", title: "VX: 1", body: "<!-- nhiemvu-overdue:VX -->\nx", open: true, mode: "update" },
  ] };
  const done = await syncIssues({ github: t.github, context: t.context, data });
  assert.deepEqual(done.map((d) => d.action), ["updated", "closed", "created"]);
  const byNumber = Object.fromEntries(t.state.issues.map((i) => [i.number, i]));
  assert.equal(byNumber[1].title, "TH: 2");
  assert.equal(byNumber[1].state, "open");
  assert.equal(byNumber[2].state, "closed");
  assert.equal(byNumber[3].state, "open"); // not the bot's: left alone
  assert.equal(byNumber[100].title, "VX: 1");
  // A second run with the same data changes nothing new: no duplicate issue.
  const again = await syncIssues({ github: t.github, context: t.context, data });
  assert.deepEqual(again.map((d) => d.action), ["updated", "updated"]);
  assert.equal(t.state.issues.length, 4);
});

test("replace mode opens this week's reminder and closes last week's", async () => {
  const t = tracker([{ number: 7, title: "tuần trước", body: "<!-- nhiemvu-weekly -->", user: { login: BOT } }]);
  const item = { marker: "<!-- nhiemvu-weekly -->", title: "tuần này", body: "<!-- nhiemvu-weekly -->\n…", open: true, mode: "replace" };
  const done = await syncIssues({ github: t.github, context: t.context, data: { issues: [item] } });
  assert.deepEqual(done.map((d) => [d.action, d.number]), [["created", 100], ["closed", 7]]);
  assert.match(t.state.comments[0].body, /#100/);
  const closed = await syncIssues({ github: t.github, context: t.context, data: { issues: [{ ...item, open: false }] } });
  assert.deepEqual(closed.map((d) => d.action), ["closed"]);
  assert.ok(t.state.issues.every((i) => i.state === "closed"));
});
