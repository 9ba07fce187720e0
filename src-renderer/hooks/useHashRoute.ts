import { useEffect, useState } from 'react'

/** `#/runs/12` → ['runs', '12']; the app has no server-side routes, so the hash is the whole location. */
export function useHashRoute(): string[] {
  const [parts, setParts] = useState(parse)
  useEffect(() => {
    const update = () => setParts(parse())
    window.addEventListener('hashchange', update)
    return () => window.removeEventListener('hashchange', update)
  }, [])
  return parts
}

function parse(): string[] {
  return window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent)
}
