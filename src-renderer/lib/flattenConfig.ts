/** `{ optimizer: { lr: 2e-4 } }` → `{ 'optimizer.lr': 2e-4 }`, keys in a stable order, for tables of settings. */
export function flattenConfig(config: Record<string, unknown>, prefix = ''): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [key, value] of Object.entries(config)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      Object.assign(flat, flattenConfig(value as Record<string, unknown>, path))
    else flat[path] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return flat
}
