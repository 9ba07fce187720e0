import path from 'node:path'

/** Whether `child` lies strictly inside `parent` (lexically; both resolved). `/out` vs `/out-evil` is outside. */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(path.resolve(parent), path.resolve(child))
  return rel !== '' && !rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel)
}

/** `child` is `parent` itself or inside it. */
export function isSameOrInside(parent: string, child: string): boolean {
  return path.resolve(parent) === path.resolve(child) || isInside(parent, child)
}
