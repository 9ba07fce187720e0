export interface SweepFigures {
  site: string
  injections: number
  clearMessage: number
  dataLost: number
  leftovers: number
  retried: boolean
}

export async function diskFullSweep(_root: string): Promise<SweepFigures[]> {
  return []
}
