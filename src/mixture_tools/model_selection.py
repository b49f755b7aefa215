"""Choosing the number of components: exact K-fold cross-validation (chapter 6). Filled in by that chapter."""
