// Fetches the plan a reviewer saw: the plan artifact saved for a pull request's head commit, whose digest must equal
// the one in the pull request's sticky comment. Runs in jobs without cloud credentials, before the production
// environment's approval, so the approver sees the digest and the plan that will be applied.
//   --merged SHA     the push to main: the merged pull request of that commit
//   --pr N           a `/tenantform apply` comment: the open pull request N, which must be approved and mergeable
//   --verify FILE --digest D   the apply job's check that the file it got is the plan prepare showed
// Writes the plan to --out, the digest, pull request and head commit to the step outputs, and a summary.
import { readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { planDigest } from '../../dist/plan/digest.js';
import { args, artifactName, client, main, output, planComment, readComment, Refusal, summary } from './github.mjs';

const opts = args();
const short = (sha) => sha.slice(0, 12);
const WRITERS = ['OWNER', 'MEMBER', 'COLLABORATOR'];
const MERGEABLE = ['clean', 'has_hooks'];

/** The merged pull request of a commit on main (merge, squash or rebase: the API links all three). */
async function mergedPull(gh, sha) {
  const pulls = await gh.get(`/commits/${sha}/pulls`);
  const merged = pulls.find((p) => p.merged_at);
  if (!merged) {
    throw new Refusal(`commit ${short(sha)} is not the merge of a pull request: only a plan reviewed in a pull request is applied. Open one.`);
  }
  return merged;
}

/** Atlantis' apply requirements: a writer asked, the pull request is open, mergeable and approved at its head. */
async function applicablePull(gh, number) {
  const association = process.env.COMMENT_AUTHOR_ASSOCIATION;
  if (association !== undefined && !WRITERS.includes(association)) {
    throw new Refusal(`only a collaborator of the repository may apply (the comment's author is ${association || 'unknown'}).`);
  }
  const pull = await gh.get(`/pulls/${number}`);
  if (pull.state !== 'open') throw new Refusal(`pull request #${number} is ${pull.state}.`);
  const head = pull.head.sha;
  // The latest review of each reviewer counts; a comment-only review changes nothing.
  const latest = new Map();
  for (const r of await gh.all(`/pulls/${number}/reviews`)) if (r.state !== 'COMMENTED') latest.set(r.user?.login, r);
  const states = [...latest.values()];
  const blocking = states.filter((r) => r.state === 'CHANGES_REQUESTED').map((r) => r.user?.login);
  if (blocking.length > 0) throw new Refusal(`pull request #${number} has changes requested by ${blocking.join(', ')}.`);
  if (!states.some((r) => r.state === 'APPROVED' && r.commit_id === head)) {
    throw new Refusal(`pull request #${number} is not approved at its head commit ${short(head)}: apply needs an approving review of that commit.`);
  }
  if (pull.mergeable !== true || !MERGEABLE.includes(pull.mergeable_state)) {
    throw new Refusal(`pull request #${number} is not mergeable (mergeable: ${pull.mergeable}, state: ${pull.mergeable_state}).`);
  }
  return pull;
}

/** The artifact's plan, checked against the digest the sticky comment shows for the same head commit. */
async function reviewedPlan(gh, pull) {
  const head = pull.head.sha;
  const comment = await planComment(gh, pull.number);
  const recorded = comment ? readComment(comment.body) : undefined;
  if (!recorded?.digest) throw new Refusal(`pull request #${pull.number} has no plan comment with a plan digest: re-run its plan workflow.`);
  if (recorded.head !== head) {
    throw new Refusal(`the plan comment of #${pull.number} is for commit ${short(recorded.head ?? 'unknown')}, not its head ${short(head)}: re-run its plan workflow.`);
  }
  const artifact = await gh.artifact(head);
  if (!artifact) {
    throw new Refusal(`no plan artifact ${artifactName(head)} for the head commit ${short(head)} of #${pull.number} (it may have expired): re-run the pull request's plan workflow, then apply.`);
  }
  const text = await gh.artifactFile(artifact.id, 'plan.json');
  const plan = JSON.parse(text);
  if (plan.digest !== recorded.digest || planDigest(plan) !== plan.digest) {
    throw new Refusal(`the plan artifact's digest ${plan.digest} is not the reviewed ${recorded.digest} shown in the comment of #${pull.number}.`);
  }
  return { text, digest: plan.digest };
}

function verify(file, digest) {
  const plan = JSON.parse(readFileSync(file, 'utf8'));
  if (!digest || plan.digest !== digest || planDigest(plan) !== digest) {
    throw new Refusal(`${file} is not the plan shown before approval (expected ${digest || 'a digest'}, got ${plan.digest}).`);
  }
  process.stdout.write(`Plan digest: ${digest} (as shown before approval)\n`);
}

await main(async () => {
  if (opts.verify) return verify(opts.verify, opts.digest);
  const gh = client();
  const pull = opts.merged ? await mergedPull(gh, opts.merged) : opts.pr ? await applicablePull(gh, Number(opts.pr)) : undefined;
  if (!pull || !opts.out) throw new Error('usage: fetch-plan.mjs (--merged SHA | --pr N) --out plan.json [--refusal file] | --verify FILE --digest D');
  const { text, digest } = await reviewedPlan(gh, pull);
  writeFileSync(opts.out, text);
  output('digest', digest);
  output('pr', String(pull.number));
  output('head_sha', pull.head.sha);
  summary(`## Plan to apply\n\nPull request #${pull.number} at head commit \`${pull.head.sha}\`\n\nPlan digest: \`${digest}\` — the digest in the pull request's plan comment\n\n`);
  process.stdout.write(`Plan digest: ${digest} (pull request #${pull.number}, head ${short(pull.head.sha)})\n`);
}, opts.refusal);
