/** Types for gifenc 1.0 (the package ships none); only what the exports use. */
declare module 'gifenc' {
  export type Palette = number[][]
  export type PixelFormat = 'rgb565' | 'rgb444' | 'rgba4444'
  export interface FrameOptions {
    palette?: Palette
    first?: boolean
    transparent?: boolean
    transparentIndex?: number
    /** milliseconds */
    delay?: number
    /** -1 once, 0 forever, n repetitions */
    repeat?: number
    dispose?: number
  }
  export interface GifStream {
    writeFrame(index: Uint8Array, width: number, height: number, opts?: FrameOptions): void
    finish(): void
    bytes(): Uint8Array
    bytesView(): Uint8Array
  }
  export function GIFEncoder(opts?: { auto?: boolean; initialCapacity?: number }): GifStream
  export function quantize(rgba: Uint8Array | Uint8ClampedArray, maxColors: number, options?: { format?: PixelFormat }): Palette
  export function applyPalette(rgba: Uint8Array | Uint8ClampedArray, palette: Palette, format?: PixelFormat): Uint8Array
}
