"""Step methods for explicit latent assignments (chapter 3). Filled in by that chapter."""
