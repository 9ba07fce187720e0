import { createTheme, Drawer, Modal } from '@mantine/core'

// Mantine's close button is an icon: without a name, a screen reader announces only "button".
const closeButtonProps = { 'aria-label': 'Close' }

export const theme = createTheme({
  primaryColor: 'violet',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  components: {
    Modal: Modal.extend({ defaultProps: { closeButtonProps } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps } }),
  },
})
