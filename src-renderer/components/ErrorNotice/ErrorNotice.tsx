import { Alert, Button } from '@mantine/core'

export function ErrorNotice({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  return (
    <Alert color="red" title="Something went wrong" role="alert">
      {error.message}
      {onRetry && (
        <Button variant="subtle" color="red" size="xs" ml="sm" onClick={onRetry}>
          Try again
        </Button>
      )}
    </Alert>
  )
}
