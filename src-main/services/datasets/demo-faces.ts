/**
 * Synthetic cartoon faces for users without photos: everything derives from a seed
 * (face shape, skin tone, eyes, brows, nose, mouth, hair, background, extras).
 * Rendered from our OWN SVG by sharp (the import pipeline itself still refuses SVG files),
 * written as PNG files into a folder, then imported through the ordinary pipeline.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { importFolder, type ImportOptions, type ImportSummary } from './import-folder'

/** Deterministic PRNG (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Seed of the i-th face of a set, well mixed so neighbouring faces differ. */
export function faceSeed(setSeed: number, index: number): number {
  let h = (Math.imul(setSeed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0
  return (h ^ (h >>> 15)) >>> 0
}

const SKIN = ['#ffdbac', '#f1c27d', '#e0ac69', '#c68642', '#8d5524', '#5c3a1e', '#f5d0b0', '#d8a47f', '#a86b43']
const HAIR = [
  '#090806',
  '#2c222b',
  '#3b3024',
  '#4e433f',
  '#6a4e42',
  '#a7856a',
  '#b89778',
  '#dcd0ba',
  '#de9c5d',
  '#b55239',
  '#8d4a43',
  '#e6cea8',
  '#71635a',
  '#d6c4c2',
]
const IRIS = ['#634e34', '#2e536f', '#3d671d', '#1c7847', '#497665', '#8b6b3d', '#1e1e1e', '#6b8ba4']
const LIPS = ['#c1666b', '#a34a4a', '#d4837b', '#8e3b46', '#b5525c', '#9b5b4f']

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length) % xs.length] as T
}
function range(rnd: () => number, lo: number, hi: number): number {
  return lo + (hi - lo) * rnd()
}
function hsl(h: number, s: number, l: number): string {
  return `hsl(${h.toFixed(0)},${s.toFixed(0)}%,${l.toFixed(0)}%)`
}
const f = (v: number): string => v.toFixed(1)

/** SVG text of one face, drawn in a W×H viewport. */
export function demoFaceSvg(seed: number, width = 128, height = 128): string {
  const rnd = mulberry32(seed)
  const W = 100
  const H = 100
  const bgHue = range(rnd, 0, 360)
  const bg1 = hsl(bgHue, range(rnd, 20, 70), range(rnd, 45, 90))
  const bg2 = hsl((bgHue + range(rnd, 20, 90)) % 360, range(rnd, 20, 70), range(rnd, 30, 80))
  const skin = pick(rnd, SKIN)
  const hair = pick(rnd, HAIR)
  const cx = 50 + range(rnd, -3, 3)
  const cy = 54 + range(rnd, -3, 3)
  const rx = range(rnd, 23, 31)
  const ry = range(rnd, 29, 37)
  const jaw = range(rnd, 0.75, 1.05) // <1: narrower chin
  const hairStyle = Math.floor(rnd() * 5)
  const eyeY = cy - ry * range(rnd, 0.05, 0.2)
  const eyeDx = rx * range(rnd, 0.32, 0.45)
  const eyeR = range(rnd, 2.6, 4.6)
  const eyeRy = eyeR * range(rnd, 0.6, 1.05)
  const iris = pick(rnd, IRIS)
  const lookX = range(rnd, -0.8, 0.8)
  const browTilt = range(rnd, -12, 12)
  const browY = eyeY - eyeR - range(rnd, 2.5, 5)
  const browW = range(rnd, 1, 2.6)
  const noseLen = range(rnd, 4, 9)
  const mouthY = cy + ry * range(rnd, 0.45, 0.6)
  const mouthW = rx * range(rnd, 0.3, 0.55)
  const smile = range(rnd, -3, 7)
  const lips = pick(rnd, LIPS)
  const openMouth = rnd() < 0.3
  const blush = rnd() < 0.4
  const glasses = rnd() < 0.2
  const beard = rnd() < 0.15
  const earR = range(rnd, 4, 6.5)

  const parts: string[] = []
  parts.push(
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="${f(rnd())}" y2="1"><stop offset="0" stop-color="${bg1}"/><stop offset="1" stop-color="${bg2}"/></linearGradient></defs>`,
    `<rect width="${W}" height="${H}" fill="url(#bg)"/>`,
  )
  // shoulders
  parts.push(
    `<ellipse cx="${f(cx)}" cy="${f(cy + ry + 22)}" rx="${f(rx * 1.6)}" ry="26" fill="${hsl(range(rnd, 0, 360), 45, 40)}"/>`,
  )
  parts.push(
    `<rect x="${f(cx - rx * 0.35)}" y="${f(cy + ry * 0.6)}" width="${f(rx * 0.7)}" height="${f(ry * 0.6)}" fill="${skin}"/>`,
  )
  // long hair behind head
  if (hairStyle === 3)
    parts.push(
      `<rect x="${f(cx - rx * 1.15)}" y="${f(cy - ry * 0.7)}" width="${f(rx * 2.3)}" height="${f(ry * 1.7)}" rx="${f(rx * 0.6)}" fill="${hair}"/>`,
    )
  // ears
  parts.push(
    `<circle cx="${f(cx - rx)}" cy="${f(eyeY + 3)}" r="${f(earR)}" fill="${skin}"/>`,
    `<circle cx="${f(cx + rx)}" cy="${f(eyeY + 3)}" r="${f(earR)}" fill="${skin}"/>`,
  )
  // head: upper half-ellipse + chin curve
  const chinY = cy + ry
  parts.push(
    `<path d="M ${f(cx - rx)} ${f(cy)} A ${f(rx)} ${f(ry)} 0 0 1 ${f(cx + rx)} ${f(cy)} C ${f(cx + rx)} ${f(cy + ry * 0.6)} ${f(cx + rx * jaw * 0.6)} ${f(chinY)} ${f(cx)} ${f(chinY)} C ${f(cx - rx * jaw * 0.6)} ${f(chinY)} ${f(cx - rx)} ${f(cy + ry * 0.6)} ${f(cx - rx)} ${f(cy)} Z" fill="${skin}"/>`,
  )
  if (beard) {
    parts.push(
      `<path d="M ${f(cx - rx * 0.9)} ${f(cy + ry * 0.2)} C ${f(cx - rx * 0.7)} ${f(chinY + 4)} ${f(cx + rx * 0.7)} ${f(chinY + 4)} ${f(cx + rx * 0.9)} ${f(cy + ry * 0.2)} L ${f(cx + rx * 0.5)} ${f(mouthY - 3)} L ${f(cx - rx * 0.5)} ${f(mouthY - 3)} Z" fill="${hair}" opacity="0.9"/>`,
    )
  }
  // hair on top
  const top = cy - ry
  if (hairStyle === 0) {
    parts.push(
      `<path d="M ${f(cx - rx * 1.05)} ${f(cy - ry * 0.1)} A ${f(rx * 1.05)} ${f(ry * 1.02)} 0 0 1 ${f(cx + rx * 1.05)} ${f(cy - ry * 0.1)} Q ${f(cx)} ${f(top + ry * 0.35)} ${f(cx - rx * 1.05)} ${f(cy - ry * 0.1)} Z" fill="${hair}"/>`,
    )
  } else if (hairStyle === 1) {
    for (let k = 0; k < 7; k++) {
      const a = Math.PI * (1.05 + (k / 6) * 0.9)
      parts.push(
        `<circle cx="${f(cx + Math.cos(a) * rx * 0.85)}" cy="${f(cy - ry * 0.15 + Math.sin(a) * ry * 0.85)}" r="${f(rx * 0.33)}" fill="${hair}"/>`,
      )
    }
  } else if (hairStyle === 2) {
    parts.push(
      `<path d="M ${f(cx - rx)} ${f(cy - ry * 0.2)} A ${f(rx)} ${f(ry)} 0 0 1 ${f(cx + rx)} ${f(cy - ry * 0.2)} L ${f(cx + rx * 0.2)} ${f(top + ry * 0.3)} Z" fill="${hair}"/>`,
    )
  } else if (hairStyle === 3) {
    parts.push(
      `<path d="M ${f(cx - rx * 1.02)} ${f(cy)} A ${f(rx * 1.02)} ${f(ry)} 0 0 1 ${f(cx + rx * 1.02)} ${f(cy)} Q ${f(cx + rx * 0.3)} ${f(top + ry * 0.5)} ${f(cx - rx * 1.02)} ${f(cy)} Z" fill="${hair}"/>`,
    )
  } // 4: bald
  // brows
  for (const side of [-1, 1]) {
    const bx = cx + side * eyeDx
    parts.push(
      `<line x1="${f(bx - eyeR * 1.3)}" y1="${f(browY + side * Math.sin((browTilt * Math.PI) / 180) * 3)}" x2="${f(bx + eyeR * 1.3)}" y2="${f(browY - side * Math.sin((browTilt * Math.PI) / 180) * 3)}" stroke="${hair}" stroke-width="${f(browW)}" stroke-linecap="round"/>`,
    )
  }
  // eyes
  for (const side of [-1, 1]) {
    const ex = cx + side * eyeDx
    parts.push(
      `<ellipse cx="${f(ex)}" cy="${f(eyeY)}" rx="${f(eyeR * 1.3)}" ry="${f(eyeRy)}" fill="#fff"/>`,
      `<circle cx="${f(ex + lookX * eyeR * 0.4)}" cy="${f(eyeY)}" r="${f(Math.min(eyeRy, eyeR) * 0.75)}" fill="${iris}"/>`,
      `<circle cx="${f(ex + lookX * eyeR * 0.4)}" cy="${f(eyeY)}" r="${f(Math.min(eyeRy, eyeR) * 0.35)}" fill="#111"/>`,
    )
  }
  if (glasses) {
    const gc = hsl(range(rnd, 0, 360), 30, 20)
    for (const side of [-1, 1])
      parts.push(
        `<circle cx="${f(cx + side * eyeDx)}" cy="${f(eyeY)}" r="${f(eyeR * 1.9)}" fill="none" stroke="${gc}" stroke-width="1.2"/>`,
      )
    parts.push(
      `<line x1="${f(cx - eyeDx + eyeR * 1.9)}" y1="${f(eyeY)}" x2="${f(cx + eyeDx - eyeR * 1.9)}" y2="${f(eyeY)}" stroke="${gc}" stroke-width="1.2"/>`,
    )
  }
  // nose
  parts.push(
    `<path d="M ${f(cx)} ${f(eyeY + 2)} L ${f(cx - 2.2)} ${f(eyeY + 2 + noseLen)} L ${f(cx + 1.5)} ${f(eyeY + 2 + noseLen)}" fill="none" stroke="rgba(0,0,0,0.35)" stroke-width="1"/>`,
  )
  if (blush) {
    for (const side of [-1, 1])
      parts.push(
        `<circle cx="${f(cx + side * eyeDx * 1.1)}" cy="${f(eyeY + noseLen + 3)}" r="${f(eyeR)}" fill="#ff6b6b" opacity="0.25"/>`,
      )
  }
  // mouth
  if (openMouth) {
    parts.push(
      `<path d="M ${f(cx - mouthW)} ${f(mouthY)} Q ${f(cx)} ${f(mouthY + smile + 6)} ${f(cx + mouthW)} ${f(mouthY)} Z" fill="#5a1f24" stroke="${lips}" stroke-width="1.4"/>`,
    )
  } else {
    parts.push(
      `<path d="M ${f(cx - mouthW)} ${f(mouthY)} Q ${f(cx)} ${f(mouthY + smile)} ${f(cx + mouthW)} ${f(mouthY)}" fill="none" stroke="${lips}" stroke-width="${f(range(rnd, 1.2, 2.4))}" stroke-linecap="round"/>`,
    )
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${W} ${H}" preserveAspectRatio="xMidYMid slice">${parts.join('')}</svg>`
}

export interface DemoFaceRenderOptions {
  width?: number
  height?: number
  format?: 'png' | 'jpeg'
  /** JPEG quality (default 85). */
  quality?: number
}

/** Render one face to PNG (default) or JPEG bytes. */
export async function renderDemoFace(seed: number, options: DemoFaceRenderOptions = {}): Promise<Buffer> {
  const { width = 128, height = 128, format = 'png', quality = 85 } = options
  const img = sharp(Buffer.from(demoFaceSvg(seed, width, height)))
    .resize(width, height)
    .removeAlpha()
  return format === 'jpeg' ? img.jpeg({ quality }).toBuffer() : img.png({ compressionLevel: 6 }).toBuffer()
}

export interface WriteDemoFacesOptions extends DemoFaceRenderOptions {
  count: number
  seed: number
  signal?: AbortSignal
  onProgress?: (done: number, total: number) => void
  concurrency?: number
}

/** Write `count` faces as face-00001.png … into `folder` (created). Returns the file paths. */
export async function writeDemoFaces(folder: string, options: WriteDemoFacesOptions): Promise<string[]> {
  const { count, seed, signal, onProgress, concurrency = 4 } = options
  await mkdir(folder, { recursive: true })
  const ext = options.format === 'jpeg' ? 'jpg' : 'png'
  const digits = Math.max(5, String(count).length)
  const paths = Array.from({ length: count }, (_, i) =>
    join(folder, `face-${String(i + 1).padStart(digits, '0')}.${ext}`),
  )
  let next = 0
  let done = 0
  const worker = async (): Promise<void> => {
    while (next < count) {
      signal?.throwIfAborted()
      const i = next++
      const bytes = await renderDemoFace(faceSeed(seed, i), options)
      await writeFile(paths[i] as string, bytes)
      onProgress?.(++done, count)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return paths
}

/**
 * The demo dataset: write faces into `facesDir` (a scratch folder the caller owns and may
 * delete afterwards), then import them like any user folder.
 */
export async function importDemoFaces(
  facesDir: string,
  options: ImportOptions & { count: number; seed: number; faceSize?: number },
): Promise<ImportSummary> {
  const side = options.faceSize ?? 128
  await writeDemoFaces(facesDir, {
    count: options.count,
    seed: options.seed,
    width: side,
    height: side,
    signal: options.signal,
  })
  return importFolder(facesDir, options)
}
