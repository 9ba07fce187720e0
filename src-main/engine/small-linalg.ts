/**
 * Dense linear algebra on small matrices in plain TypeScript (row-major Float64Array): what the
 * principal-direction analysis needs besides the large products tfjs does.
 */

/**
 * Orthonormalises the `rows` rows (each `cols` long) in place by modified Gram–Schmidt, run twice for
 * accuracy. A row that is (numerically) in the span of the earlier ones becomes zero; the result says
 * which rows are kept.
 */
export function orthonormalizeRows(m: Float64Array, rows: number, cols: number): boolean[] {
  const kept: boolean[] = []
  for (let r = 0; r < rows; r++) {
    const row = m.subarray(r * cols, (r + 1) * cols)
    const before = Math.sqrt(dotRange(row, row))
    for (let pass = 0; pass < 2; pass++) {
      for (let q = 0; q < r; q++) {
        if (!kept[q]) continue
        const other = m.subarray(q * cols, (q + 1) * cols)
        const projection = dotRange(row, other)
        for (let c = 0; c < cols; c++) row[c]! -= projection * other[c]!
      }
    }
    const length = Math.sqrt(dotRange(row, row))
    if (!(length > 1e-10 * Math.max(before, 1e-30))) {
      row.fill(0)
      kept.push(false)
      continue
    }
    for (let c = 0; c < cols; c++) row[c]! /= length
    kept.push(true)
  }
  return kept
}

function dotRange(a: Float64Array, b: Float64Array): number {
  let sum = 0
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!
  return sum
}

/**
 * Eigen-decomposition of a symmetric n×n matrix by cyclic Jacobi rotations. Returns the eigenvalues
 * in descending order and the matching unit eigenvectors as the rows of `vectors`.
 */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix)
  const v = new Float64Array(n * n)
  for (let i = 0; i < n; i++) v[i * n + i] = 1
  const offDiagonal = () => {
    let sum = 0
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) sum += a[i * n + j]! ** 2
    return sum
  }
  let scale = 0
  for (let i = 0; i < n * n; i++) scale += a[i]! ** 2
  for (let sweep = 0; sweep < 100 && offDiagonal() > 1e-24 * scale; sweep++) {
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!
        if (apq === 0) continue
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!
          const akq = a[k * n + q]!
          a[k * n + p] = c * akp - s * akq
          a[k * n + q] = s * akp + c * akq
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!
          const aqk = a[q * n + k]!
          a[p * n + k] = c * apk - s * aqk
          a[q * n + k] = s * apk + c * aqk
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!
          const vkq = v[k * n + q]!
          v[k * n + p] = c * vkp - s * vkq
          v[k * n + q] = s * vkp + c * vkq
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j]! - a[i * n + i]!)
  const values = Float64Array.from(order, (i) => a[i * n + i]!)
  const vectors = new Float64Array(n * n)
  order.forEach((column, row) => {
    for (let k = 0; k < n; k++) vectors[row * n + k] = v[k * n + column]!
  })
  return { values, vectors }
}
