// Draws Switchyard's app and tray icons into build/ as PNGs, by hand with node:zlib.
// The mark is a railway switch: one track in, two tracks out. It is described as capsules
// (line segments with round ends) in a 0..1 square, so every size is rendered from the same
// geometry, with 4×4 supersampling for smooth edges.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');

/** Track segments [x1, y1, x2, y2], plus the stroke's half-width, in unit coordinates. */
const TRACKS = [
  [0.5, 0.86, 0.5, 0.56],
  [0.5, 0.56, 0.27, 0.18],
  [0.5, 0.56, 0.73, 0.18],
];
const HALF_STROKE = 0.075;
/** Round "signals" at the three track ends make the mark read at 16 px as well as at 512. */
const DOTS = [
  [0.5, 0.86],
  [0.27, 0.18],
  [0.73, 0.18],
];
const DOT_RADIUS = 0.11;

function distanceToSegment(px, py, [x1, y1, x2, y2]) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
}

function inMark(u, v) {
  if (TRACKS.some((segment) => distanceToSegment(u, v, segment) <= HALF_STROKE)) return true;
  return DOTS.some(([x, y]) => Math.hypot(u - x, v - y) <= DOT_RADIUS);
}

function inRoundedSquare(u, v, inset, radius) {
  const min = inset + radius;
  const max = 1 - inset - radius;
  const dx = Math.max(min - u, 0, u - max);
  const dy = Math.max(min - v, 0, v - max);
  return Math.hypot(dx, dy) <= radius;
}

/** Renders `size`×`size` RGBA; `shade(u, v)` returns [r, g, b, a] or null for transparent. */
function render(size, shade) {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const color = shade((x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size);
          if (color === null) continue;
          // Accumulate premultiplied so edges blend toward the colour, not toward black.
          r += color[0] * color[3];
          g += color[1] * color[3];
          b += color[2] * color[3];
          a += color[3];
        }
      }
      const offset = (y * size + x) * 4;
      const count = samples * samples;
      pixels[offset] = a === 0 ? 0 : Math.round(r / a);
      pixels[offset + 1] = a === 0 ? 0 : Math.round(g / a);
      pixels[offset + 2] = a === 0 ? 0 : Math.round(b / a);
      pixels[offset + 3] = Math.round((a / count) * 255);
    }
  }
  return pixels;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** PNG, 8-bit RGBA, no interlace, filter type 0 on every row. */
function encodePng(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 6;
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const TOP = [99, 102, 241];
const BOTTOM = [55, 48, 163];

/** App icon: white mark on an indigo rounded square, inset like macOS Big Sur icons. */
function appIcon(u, v) {
  if (!inRoundedSquare(u, v, 0.1, 0.18)) return null;
  // The mark fills the middle 56% of the square.
  const markU = (u - 0.22) / 0.56;
  const markV = (v - 0.22) / 0.56;
  if (inMark(markU, markV)) return [255, 255, 255, 1];
  const t = (v - 0.1) / 0.8;
  return [0, 1, 2].map((i) => Math.round(TOP[i] + (BOTTOM[i] - TOP[i]) * t)).concat(1);
}

/**
 * Tray icons carry the router's health as a badge in the lower right corner. The mark moves left
 * to make room in every tray icon, with or without a badge, so it stays put when health changes;
 * a transparent gap around the badge keeps the two apart at 16 px.
 */
const TRAY_SHIFT = 0.12;
const BADGE = { x: 0.78, y: 0.78, radius: 0.21, gap: 0.07 };
const RING_HALF_STROKE = 0.055;
const CROSS_ARM = 0.09;
const CROSS_HALF_STROKE = 0.06;

/** Badge shapes, all inside the badge circle: a full disc, a ring, or a disc crossed out. */
const BADGE_SHAPES = {
  disc: () => 'fill',
  ring: (distance) =>
    Math.abs(distance - (BADGE.radius - RING_HALF_STROKE)) <= RING_HALF_STROKE ? 'fill' : null,
  cross: (_distance, u, v) =>
    [
      [BADGE.x - CROSS_ARM, BADGE.y - CROSS_ARM, BADGE.x + CROSS_ARM, BADGE.y + CROSS_ARM],
      [BADGE.x - CROSS_ARM, BADGE.y + CROSS_ARM, BADGE.x + CROSS_ARM, BADGE.y - CROSS_ARM],
    ].some((arm) => distanceToSegment(u, v, arm) <= CROSS_HALF_STROKE)
      ? 'cut'
      : 'fill',
};

/**
 * One tray icon: the mark in `markColour`, plus an optional badge. A badge pixel is 'fill'
 * (badge colour), 'cut' (the cross on a coloured disc, drawn in `cutColour` or left clear).
 */
function trayIcon(markColour, badge) {
  return (u, v) => {
    if (badge !== undefined) {
      const distance = Math.hypot(u - BADGE.x, v - BADGE.y);
      if (distance <= BADGE.radius) {
        const part = BADGE_SHAPES[badge.shape](distance, u, v);
        if (part === 'fill') return [...badge.colour, 1];
        if (part === 'cut' && badge.cutColour !== undefined) return [...badge.cutColour, 1];
        return null;
      }
      if (distance <= BADGE.radius + BADGE.gap) return null;
    }
    return inMark(u + TRAY_SHIFT, v) ? [...markColour, 1] : null;
  };
}

const BLACK = [0, 0, 0];
const WHITE = [255, 255, 255];

/**
 * One icon per tray state, in two styles. macOS template images are black with alpha only and
 * the menu bar tints them, so health shows as a badge's shape (nothing when all is well, a ring
 * while some accounts cool down, a disc when all are out, a cross on error). Windows and Linux
 * draw icons as they are, so there the badge is coloured: green, amber, red, and grey with a
 * cross. "idle" (core starting, routing paused) has no badge on either. The file names must
 * match electron/main/tray-icon.ts.
 */
const TRAY_STATES = {
  idle: { template: undefined, colour: undefined },
  ok: { template: undefined, colour: { shape: 'disc', colour: [22, 163, 74] } },
  cooling: {
    template: { shape: 'ring', colour: BLACK },
    colour: { shape: 'disc', colour: [245, 158, 11] },
  },
  out: {
    template: { shape: 'disc', colour: BLACK },
    colour: { shape: 'disc', colour: [220, 38, 38] },
  },
  error: {
    template: { shape: 'cross', colour: BLACK },
    colour: { shape: 'cross', colour: [75, 85, 99], cutColour: WHITE },
  },
};

const trayOutputs = Object.entries(TRAY_STATES).flatMap(([state, { template, colour }]) =>
  [
    [`tray-${state}Template`, trayIcon(BLACK, template)],
    [`tray-${state}`, trayIcon(TOP, colour)],
  ].flatMap(([name, shade]) => [
    [`build/tray/${name}.png`, 16, shade],
    [`build/tray/${name}@2x.png`, 32, shade],
  ]),
);

const outputs = [
  ['build/icon.png', 512, appIcon],
  // Favicon and header image of the dashboard; Vite copies renderer/public as is.
  ['renderer/public/icon.png', 64, appIcon],
  ...trayOutputs,
];

for (const [file, size, shade] of outputs) {
  const target = path.join(root, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, encodePng(size, render(size, shade)));
  console.log(`wrote ${file} (${size}×${size})`);
}
