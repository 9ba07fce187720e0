import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { seededLatents } from '../../../src-shared/latent-math'
import { modelPageHtml, PAGE_RNG_SCRIPT, scriptJson } from './model-page'

describe('the offline model page', () => {
  it("draws the studio's latents: seed S, image i on the page is latent i of seededLatents(S)", () => {
    const latentFor = (seed: number, index: number, zDim: number) =>
      runInNewContext(`${PAGE_RNG_SCRIPT}; latentFor(${seed}, ${index}, ${zDim})`) as Float32Array
    for (const [seed, zDim] of [
      [7, 32],
      [4294967295, 100],
      [0, 3],
    ] as const) {
      const studio = seededLatents(seed, 5, zDim)
      for (const index of [0, 1, 4])
        expect(Array.from(latentFor(seed, index, zDim))).toEqual(
          Array.from(studio.subarray(index * zDim, (index + 1) * zDim)),
        )
    }
  })

  it('keeps user text out of markup and scripts', () => {
    const html = modelPageHtml({
      title: '<script>alert(1)</script> & "run"',
      notice: 'n',
      zDim: 4,
      imageSize: 32,
      seed: 1,
      truncation: 1,
    })
    expect(html).not.toContain('<script>alert(1)')
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;run&#34;')
    expect(scriptJson({ name: '</script><script>x()</script>\u2028' })).toBe(
      '{"name":"\\u003c/script\\u003e\\u003cscript\\u003ex()\\u003c/script\\u003e\\u2028"}',
    )
  })

  it('is a styled page (light and dark) whose latent sliders are named, labelled and show their value', () => {
    const html = modelPageHtml({ title: 'Faces', notice: 'n', zDim: 3, imageSize: 32, seed: 1, truncation: 1 })
    const style = html.slice(html.indexOf('<style>'), html.indexOf('</style>'))
    expect(style).toMatch(/prefers-color-scheme: dark/)
    expect(style).toMatch(/\.card \{/)
    expect(html).toContain('<legend>Latent directions</legend>')
    expect(html).toContain('each slider moves one of them')
    // the sliders the page builds: "Direction 1…", read as "Latent direction 1 of 3", each with its value beside it
    expect(html).toContain("name.textContent = 'Direction ' + (d + 1);")
    expect(html).toContain("input.setAttribute('aria-label', 'Latent direction ' + (d + 1) + ' of ' + Z);")
    expect(html).toContain("shown = document.createElement('output')")
    expect(html).not.toContain("'z' + d")
  })
})
