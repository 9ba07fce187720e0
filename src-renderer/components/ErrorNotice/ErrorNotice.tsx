import { Alert, Button } from '@mantine/core'

/** An error from a contract call, with what failed as its title and, when given, a way to try again. */
export function ErrorNotice({
  error,
  onRetry,
  title = 'Something went wrong',
}: {
  error: Error
  onRetry?: () => void
  title?: string
}) {
  return (
    <Alert color="red" title={title} role="alert">
      {error.message}
      {onRetry && (
        <Button variant="subtle" color="red" size="xs" ml="sm" onClick={onRetry}>
          Try again
        </Button>
      )}
    </Alert>
  )
}
