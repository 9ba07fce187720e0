import { runInNewContext } from 'node:vm'
import { JSDOM, VirtualConsole } from 'jsdom'
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

  it('is a styled page whose latent sliders are named, labelled for screen readers and show their value', () => {
    const html = modelPageHtml({ title: 'Faces', notice: 'n', zDim: 3, imageSize: 32, seed: 1, truncation: 1 })
    // tf.min.js and model-data.js are not loaded here: only the page's own markup and slider set-up run
    const page = new JSDOM(html, { runScripts: 'dangerously', virtualConsole: new VirtualConsole() }).window.document
    expect(page.querySelector('style')!.textContent).toMatch(/prefers-color-scheme: dark/)
    expect(page.querySelector('fieldset legend')!.textContent).toBe('Latent directions')
    const sliders = [...page.querySelectorAll<HTMLInputElement>('#sliders input[type=range]')]
    expect(sliders.map((slider) => slider.getAttribute('aria-label'))).toEqual([
      'Latent direction 1 of 3',
      'Latent direction 2 of 3',
      'Latent direction 3 of 3',
    ])
    expect(sliders.map((slider) => slider.closest('label')!.querySelector('span')!.textContent)).toEqual([
      'Direction 1',
      'Direction 2',
      'Direction 3',
    ])
    expect(page.getElementById('sliders')!.textContent).not.toMatch(/z\d/)
    sliders[1]!.value = '1.5'
    sliders[1]!.dispatchEvent(new page.defaultView!.Event('input'))
    expect(sliders[1]!.nextElementSibling!.textContent).toBe('1.50')
  })
})
