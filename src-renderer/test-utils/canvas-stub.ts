/**
 * jsdom draws nothing: a 2D context that accepts every call lets uPlot build its real legend, which tests read.
 * Import this module first in a test that renders a chart.
 */
HTMLCanvasElement.prototype.getContext = function () {
  const context: Record<string | symbol, unknown> = {}
  return new Proxy(context, {
    get: (target, key) => (key in target ? target[key] : () => ({ width: 0 })),
    set: (target, key, value) => ((target[key] = value), true),
  })
} as unknown as HTMLCanvasElement['getContext']
globalThis.Path2D ??= class {
  moveTo() {}
  lineTo() {}
  rect() {}
  arc() {}
  closePath() {}
  addPath() {}
  bezierCurveTo() {}
} as unknown as typeof Path2D

/** The series of a uPlot legend by label, with the values it shows. */
export function legendValues(legend: Element): Record<string, string | null> {
  return Object.fromEntries(
    [...legend.querySelectorAll('.u-series')].map((row) => [
      row.querySelector('.u-label')!.textContent,
      row.querySelector('.u-value')!.textContent,
    ]),
  )
}
