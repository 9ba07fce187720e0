import { MultiSelect } from '@mantine/core'
import type { RunSummary } from '../../../../src-shared/contract/runs'

export const MAX_COMPARED = 4

export function RunPicker({
  runs,
  value,
  onChange,
}: {
  runs: readonly RunSummary[]
  value: number[]
  onChange: (ids: number[]) => void
}) {
  return (
    <MultiSelect
      label="Runs to compare"
      description={`Pick 2 to ${MAX_COMPARED} runs`}
      data={runs.map((run) => ({ value: String(run.id), label: `${run.name} · ${run.preset} · ${run.status}` }))}
      value={value.map(String)}
      onChange={(ids) => onChange(ids.map(Number))}
      maxValues={MAX_COMPARED}
      searchable
      clearable
      placeholder={value.length < MAX_COMPARED ? 'Add a run' : undefined}
      data-testid="compare-picker"
    />
  )
}
