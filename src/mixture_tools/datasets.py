"""Real data sets shipped with the book (chapter 6). Filled in by that chapter."""
