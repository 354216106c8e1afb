// A self-contained HTML timeline of a history: one row per client, one bar per operation, the
// witness of an illegal verdict highlighted (its linearized prefix numbered, the blocked operation
// in red). Size-capped twice: at most operationsMax operations around the failure, at most bytesMax bytes.

import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readSettings } from '../settings.ts';
import type { CheckResult, Witness } from './checker.ts';
import { describeOperation, illegal, unknownOutput, type Model, type Operation } from './model.ts';

export interface TimelineOptions {
  readonly title?: string;
  /** operations drawn at most, those nearest the blocked one first (default 200) */
  readonly operationsMax?: number;
  /** the page's size at most; fewer operations are drawn until it fits (default 500 000) */
  readonly bytesMax?: number;
}

const labelLengthMax = 80;
/** numbers the timelines this process writes, so default names do not collide */
let timelineCount = 0;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function clip(text: string): string {
  return text.length <= labelLengthMax ? text : `${text.slice(0, labelLengthMax - 1)}…`;
}

/** The operations to draw: all when they fit, else the operationsMax whose calls are nearest the blocked one's. */
export function selectOperations<Input, Output>(
  operations: readonly Operation<Input, Output>[],
  witness: Witness<Input, Output> | undefined,
  operationsMax: number,
): Operation<Input, Output>[] {
  const pool = witness?.partition ?? operations;
  if (pool.length <= operationsMax) return [...pool];
  const centreMs = witness?.blocked.callMs ?? -Infinity;
  const chosen = new Set([...pool].sort((left, right) => Math.abs(left.callMs - centreMs) - Math.abs(right.callMs - centreMs)).slice(0, operationsMax));
  return pool.filter((operation) => chosen.has(operation));
}

/** Replays the model along the witness's prefix: the state after each linearized operation. */
function statesAlong<State, Input, Output>(model: Model<State, Input, Output>, witness: Witness<Input, Output>): State[] {
  const states: State[] = [];
  let state = model.init();
  for (const operation of witness.linearized) {
    const next = model.step(state, operation.input, operation.output);
    if (next === illegal) break;
    state = next;
    states.push(state);
  }
  return states;
}

function witnessSection<State, Input, Output>(model: Model<State, Input, Output>, witness: Witness<Input, Output>): string {
  const states = statesAlong(model, witness);
  const describeState = (state: State | undefined): string =>
    state === undefined || model.describeState === undefined ? '' : ` <span class="state">→ ${escapeHtml(clip(model.describeState(state)))}</span>`;
  const items = witness.linearized.map(
    (operation, index) => `<li>client ${operation.clientId}: ${escapeHtml(clip(describeOperation(model, operation)))}${describeState(states[index])}</li>`,
  );
  const initial = model.describeState === undefined ? '' : ` from ${escapeHtml(clip(model.describeState(model.init())))}`;
  return [
    `<h2>Longest linearizable prefix (${witness.linearized.length} operations${initial})</h2>`,
    `<ol>${items.join('')}</ol>`,
    `<p class="blocked-text">Cannot be placed next: client ${witness.blocked.clientId}: ${escapeHtml(clip(describeOperation(model, witness.blocked)))}</p>`,
  ].join('\n');
}

function bars<Input, Output>(model: Model<unknown, Input, Output>, shown: readonly Operation<Input, Output>[], witness: Witness<Input, Output> | undefined): string {
  const times = [...new Set(shown.flatMap((operation) => [operation.callMs, operation.returnMs]).filter(Number.isFinite))].sort((a, b) => a - b);
  const column = new Map(times.map((time, index) => [time, index]));
  const span = Math.max(1, times.length);
  const position = (time: number): number => (Number.isFinite(time) ? (((column.get(time) as number) + 0.5) / span) * 100 : 100);
  const order = new Map(witness?.linearized.map((operation, index) => [operation, index + 1]));
  const clients = [...new Set(shown.map((operation) => operation.clientId))].sort((a, b) => a - b);
  // each instant gets at least a few pixels, so short operations stay visible (the page scrolls sideways)
  const rows = clients
    .map((client) => {
      const row = shown
        .filter((operation) => operation.clientId === client)
        .map((operation) => {
          const left = position(operation.callMs);
          const width = Math.max(0.5, position(operation.returnMs) - left);
          const rank = order.get(operation);
          const classes = ['op', operation.output === unknownOutput ? 'unknown' : '', rank === undefined ? '' : 'linearized', operation === witness?.blocked ? 'blocked' : ''];
          const label = `${rank === undefined ? '' : `${rank}. `}${clip(describeOperation(model, operation))}`;
          const title = `${label} [${operation.callMs}, ${operation.returnMs}]`;
          return `<div class="${classes.filter(Boolean).join(' ')}" style="left:${left.toFixed(3)}%;width:${width.toFixed(3)}%" title="${escapeHtml(title)}">${escapeHtml(label)}</div>`;
        });
      return `<div class="row"><div class="client">client ${client}</div><div class="lane">${row.join('')}</div></div>`;
    })
    .join('\n');
  return `<div style="min-width:${90 + span * 14}px">\n${rows}\n</div>`;
}

const style = `body{font:13px system-ui,sans-serif;margin:1em}.row{display:flex;align-items:center;height:26px}
.client{width:90px;flex:none;color:#555}.lane{position:relative;flex:1;height:22px;border-bottom:1px solid #eee}
.op{position:absolute;top:2px;height:18px;box-sizing:border-box;overflow:hidden;white-space:nowrap;font-size:11px;
background:#dde6f3;border:1px solid #7c93b8;border-radius:3px;padding:0 2px}.op.unknown{border-style:dashed;background:#f3f3f3}
.op.linearized{background:#cdeccf;border-color:#3b8c41}.op.blocked{background:#f8c9c9;border:2px solid #c62828}
.state{color:#666}.blocked-text{color:#c62828;font-weight:bold}`;

/** The timeline page as a string. */
export function renderTimeline<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
  result?: CheckResult<Input, Output>,
  options: TimelineOptions = {},
): string {
  const witness = result?.verdict === 'illegal' ? result.witness : undefined;
  const bytesMax = options.bytesMax ?? 500_000;
  const title = escapeHtml(options.title ?? `${model.name} history`);
  let operationsMax = Math.max(1, options.operationsMax ?? 200);
  for (;;) {
    const shown = selectOperations(operations, witness, operationsMax);
    const pool = witness?.partition.length ?? operations.length;
    const verdict = result === undefined ? 'not checked' : result.verdict === 'unknown' ? `unknown (${result.reason} budget ran out)` : result.verdict;
    const page = [
      `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><style>${style}</style></head><body>`,
      `<h1>${title}: ${escapeHtml(verdict)}</h1>`,
      `<p>${shown.length} of ${pool} operations${witness === undefined ? '' : ' of the illegal partition'}; dashed bars have an unknown outcome.</p>`,
      bars(model, shown, witness),
      witness === undefined ? '' : witnessSection(model, witness),
      '</body></html>',
    ].join('\n');
    if (Buffer.byteLength(page) <= bytesMax || operationsMax === 1) return page;
    operationsMax = Math.max(1, Math.floor(operationsMax / 2));
  }
}

export interface WriteTimelineOptions extends TimelineOptions {
  /** default: the grading run's report directory, else that of its failure log, else the system's temporary directory */
  readonly directory?: string;
  /** default: linearizability-<model>-<time>.html */
  readonly fileName?: string;
}

/** Writes the timeline page into a directory; returns the file's path. */
export function writeTimeline<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
  result?: CheckResult<Input, Output>,
  options: WriteTimelineOptions = {},
): string {
  const { artifactDirectory, failureLog } = readSettings();
  const directory = options.directory ?? artifactDirectory ?? (failureLog === undefined ? tmpdir() : dirname(failureLog));
  const fileName = options.fileName ?? `linearizability-${model.name.replace(/[^\w-]+/g, '-')}-${process.pid}-${timelineCount++}.html`;
  mkdirSync(directory, { recursive: true });
  const path = join(directory, fileName);
  writeFileSync(path, renderTimeline(model, operations, result, options));
  return path;
}
