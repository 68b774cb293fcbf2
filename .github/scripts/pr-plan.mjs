// The pull-request plan job's GitHub side, run from the base branch's checkout (trusted code) after tenantform planned
// the head's YAML:
//   locks   — refuses the plan when another open pull request holds a lock on a tenant planned here, naming it;
//   comment — writes the one sticky comment: the markdown plan (with its `Plan digest:` line), the head commit it was
//             made for, and the lock on the tenants planned here;
//   result  — posts the outcome of a `/tenantform apply` (the refusal or apply output files given) to the pull request.
// The lock is a marker in the holder's sticky comment, not a label: it appears and goes with the plan it protects,
// it needs no write beyond the comment the job already keeps, and a closed or merged pull request stops holding it
// because only open pull requests are read.
import { existsSync, readFileSync } from 'node:fs';
import process from 'node:process';
import { args, client, headMarker, lockMarker, main, PLAN_MARKER, planComment, readComment, Refusal } from './github.mjs';

const opts = args();
const pr = Number(process.env.PR_NUMBER);
if (!Number.isInteger(pr) || pr <= 0) throw new Error('PR_NUMBER must be the pull request number');
const gh = client();

const plannedTenants = (file) => {
  if (!file || !existsSync(file)) return [];
  const plan = JSON.parse(readFileSync(file, 'utf8'));
  return (plan.tenants ?? []).map((t) => t.name).sort();
};

/** Open pull requests other than this one whose plan comment locks one of `names`, with the tenants they hold. */
async function holders(names) {
  const open = await gh.all('/pulls?state=open');
  const found = [];
  for (const other of open.filter((p) => p.number !== pr)) {
    const comment = await planComment(gh, other.number);
    const held = comment ? readComment(comment.body).locked.filter((n) => names.includes(n)) : [];
    if (held.length > 0) found.push({ number: other.number, url: other.html_url, held });
  }
  return found;
}

async function locks() {
  const names = plannedTenants(opts.plan);
  if (names.length === 0) return;
  const found = await holders(names);
  if (found.length === 0) return;
  const lines = found.map((h) => `- ${h.held.join(', ')}: locked by #${h.number} (${h.url})`);
  throw new Refusal(
    `tenants planned here are locked by another open pull request, which must merge or close first; then re-run this plan.\n\n${lines.join('\n')}\n`,
  );
}

async function comment() {
  const run = process.env.RUN_URL ?? '';
  const head = process.env.HEAD_SHA ?? '';
  let body;
  if (opts.refusal && existsSync(opts.refusal)) {
    // A refused plan records no digest, head or lock: nothing here can be applied, and it takes no lock.
    body = `${PLAN_MARKER}\n## tenantform plan\n\n${readFileSync(opts.refusal, 'utf8')}`;
  } else {
    body = opts.md && existsSync(opts.md) ? readFileSync(opts.md, 'utf8') : '';
    if (!body.includes(PLAN_MARKER)) body = `${PLAN_MARKER}\n## tenantform plan\n\n${body || 'The plan failed before producing output; see the run log.'}\n`;
    const names = plannedTenants(opts.plan);
    body += `\n---\n[Run log and plan artifact](${run}) · head commit ${head.slice(0, 12)} · apply at merge, or comment \`/tenantform apply\`\n`;
    body += `${headMarker(head)}\n${names.length > 0 ? lockMarker(names) + '\n' : ''}`;
  }
  const mine = await planComment(gh, pr);
  if (mine) await gh.patch(`/issues/comments/${mine.id}`, { body });
  else await gh.post(`/issues/${pr}/comments`, { body });
}

async function result() {
  const parts = opts._.slice(1).filter((f) => existsSync(f)).map((f) => readFileSync(f, 'utf8').trim());
  const text = parts.length > 0 ? parts.join('\n\n') : 'The apply stopped before it produced a result.';
  // GitHub refuses a comment over 65536 characters; the full output stays in the run.
  const limit = 60000;
  const cut = text.length > limit ? `${text.slice(0, limit)}\n\n✂️ Cut to fit; the full output is in the run.` : text;
  await gh.post(`/issues/${pr}/comments`, { body: `## tenantform apply\n\n${cut}\n\n---\n[Run log](${process.env.RUN_URL ?? ''})\n` });
}

const commands = { locks, comment, result };
const command = commands[opts._[0]];
if (!command) throw new Error(`usage: pr-plan.mjs ${Object.keys(commands).join('|')} [--plan plan.json] [--md plan.md] [--refusal file] | result FILE...`);
await main(command, opts.refusal);
