/**
 * A small unified diff of two texts, shown before any config file changes.
 * Line-based LCS: tool configs are small, so the quadratic table is cheap.
 */

const CONTEXT = 3;
/** Past this many cells the table would be too big; fall back to a whole-file replacement. */
const MAX_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string };

export function unifiedDiff(
  before: string | undefined,
  after: string | undefined,
  label: string,
): string {
  if (before === after) return '';
  const a = splitLines(before ?? '');
  const b = splitLines(after ?? '');
  const ops = diffLines(a, b);
  const header = [
    `--- ${before === undefined ? '/dev/null' : label}`,
    `+++ ${after === undefined ? '/dev/null' : label}`,
  ];
  return [...header, ...hunks(ops)].join('\n') + '\n';
}

/** Lines without their terminators; a CR left at the end is shown so CRLF edits stay visible. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? `${line.slice(0, -1)}⏎` : line));
}

function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  if (a.length * b.length > MAX_CELLS) {
    return [
      ...a.map((line) => ({ kind: '-' as const, line })),
      ...b.map((line) => ({ kind: '+' as const, line })),
    ];
  }
  const width = b.length + 1;
  // lcs[i * width + j]: length of the LCS of a[i..] and b[j..].
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i] ?? '' });
      i += 1;
      j += 1;
    } else if (
      j < b.length &&
      (i >= a.length || (lcs[i * width + j + 1] ?? 0) >= (lcs[(i + 1) * width + j] ?? 0))
    ) {
      ops.push({ kind: '+', line: b[j] ?? '' });
      j += 1;
    } else {
      ops.push({ kind: '-', line: a[i] ?? '' });
      i += 1;
    }
  }
  return ops;
}

function hunks(ops: readonly Op[]): string[] {
  const out: string[] = [];
  let index = 0;
  while (index < ops.length) {
    const firstChange = ops.findIndex((op, at) => at >= index && op.kind !== ' ');
    if (firstChange === -1) break;
    const start = Math.max(index, firstChange - CONTEXT);
    // Extend the hunk while the next change is within two contexts of the last one.
    let end = firstChange;
    for (let at = firstChange; at < ops.length; at += 1) {
      if (ops[at]?.kind !== ' ') end = at;
      else if (at - end > CONTEXT * 2) break;
    }
    const stop = Math.min(ops.length, end + CONTEXT + 1);
    const slice = ops.slice(start, stop);
    const oldStart = ops.slice(0, start).filter((op) => op.kind !== '+').length;
    const newStart = ops.slice(0, start).filter((op) => op.kind !== '-').length;
    const oldCount = slice.filter((op) => op.kind !== '+').length;
    const newCount = slice.filter((op) => op.kind !== '-').length;
    out.push(
      `@@ -${oldCount === 0 ? oldStart : oldStart + 1},${oldCount} +${newCount === 0 ? newStart : newStart + 1},${newCount} @@`,
      ...slice.map((op) => `${op.kind}${op.line}`),
    );
    index = stop;
  }
  return out;
}
